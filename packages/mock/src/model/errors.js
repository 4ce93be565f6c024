// @ts-check
// The service's errors, by name. The model throws a ServiceError naming the rule a request
// breaks; the document says what that error looks like on the wire: the error example whose
// `x-mock-error` extension carries the name gives the status (the response it sits under) and the
// code (its `error_code`). So a status or code is written once, in openapi/, and the model stays
// free of HTTP.

export class ServiceError extends Error {
  /**
   * @param {string} error the error's name, as `x-mock-error` writes it (e.g. `SecretNotFound`)
   * @param {string} message what the answer's `error_msg` says; never a value or a credential
   */
  constructor(error, message) {
    super(message);
    this.name = 'ServiceError';
    this.error = error;
  }
}

/** One factory per error, so each is named (and worded) once. */
export const errors = {
  secretNotFound: (/** @type {string} */ name) => new ServiceError('SecretNotFound', `The secret does not exist: ${name}`),
  versionNotFound: (/** @type {string} */ id) => new ServiceError('VersionNotFound', `The secret version does not exist: ${id}`),
  stageNotFound: (/** @type {string} */ stage) => new ServiceError('StageNotFound', `The secret stage does not exist: ${stage}`),
  secretExists: (/** @type {string} */ name) => new ServiceError('SecretExists', `Invalid parameter: a secret named ${name} exists.`),
  pendingDelete: () => new ServiceError('SecretPendingDelete', 'The secret is in the scheduled deletion state.'),
  notEnabled: (/** @type {unknown} */ state) => new ServiceError('SecretNotEnabled', `Invalid parameter: the secret is ${state}.`),
  invalidMarker: () => new ServiceError('InvalidMarker', 'Invalid parameter: marker.'),
  invalidBackup: (/** @type {string} */ why = 'secret_blob is not a backup') =>
    new ServiceError('InvalidBackup', `The requested body format is wrong: ${why}.`),
  stageLimit: (/** @type {number} */ max) => new ServiceError('StageLimitReached', `A secret carries at most ${max} stages.`),
  alreadyScheduled: () => new ServiceError('DeletionAlreadyScheduled', 'The secret is already scheduled for deletion.'),
  notScheduled: () => new ServiceError('DeletionNotScheduled', 'The secret is not scheduled for deletion.'),
  rotationNotSupported: (/** @type {unknown} */ type) =>
    new ServiceError('RotationNotSupported', `Invalid parameter: a secret of type ${type} cannot be rotated.`),
  tagLimit: (/** @type {number} */ max) => new ServiceError('TagLimitExceeded', `A secret carries at most ${max} tags.`),
  tagNotFound: (/** @type {string} */ key) => new ServiceError('TagNotFound', `The tag does not exist: ${key}`),
  eventNotFound: (/** @type {string} */ name) => new ServiceError('EventNotFound', `The event does not exist: ${name}`),
  eventExists: (/** @type {string} */ name) => new ServiceError('EventExists', `Invalid parameter: an event named ${name} exists.`),
  eventInUse: (/** @type {string} */ name) =>
    new ServiceError('EventInUse', `Invalid parameter: secrets subscribe to the event ${name}; remove it from them first.`),
  taskIdCombined: () => new ServiceError('TaskIdCombined', 'Invalid parameter: task_id cannot be combined with other parameters.'),
  grantExists: () => new ServiceError('GrantExists', 'Invalid parameter: the grantee has a grant on this resource already.'),
  grantNotFound: () => new ServiceError('GrantNotFound', 'The grant does not exist.'),
  grantMismatch: () => new ServiceError('GrantResourceMismatch', 'Invalid parameter: resource_id differs between the query and the body.'),
  passwordRules: (/** @type {string} */ why) => new ServiceError('PasswordRulesUnsatisfiable', `Invalid parameter: ${why}.`),
  stageProtected: (/** @type {string} */ stage) =>
    new ServiceError('StageProtected', `The stage ${stage} cannot be removed; move it to another version instead.`),
  /** A rule of the service that has no code of its own: the invalid-parameter answer. */
  invalid: (/** @type {string} */ message) => new ServiceError('InvalidParameter', message),
};
