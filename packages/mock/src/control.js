// @ts-check
// The control methods a test calls on the mock (putSecretValue; over HTTP the /_mock/ endpoints
// call the same): their arguments are checked here, the change goes through the store and its
// rules like any write of the API.
import { defaultMetadata } from './model/defaults.js';
import { ServiceError } from './model/errors.js';
import { validatorsFor } from './model/record.js';

/** A bad argument to a control method (putSecretValue) or endpoint; the message names it. */
export class MockUsageError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'MockUsageError';
  }
}

/**
 * @param {any} spec @param {import('./model/secrets/index.js').Store | undefined} store
 */
export function createControl(spec, store) {
  /**
   * Adds a version to a secret (creating the secret if needed) and moves SYSCURRENT and
   * SYSPREVIOUS as CSMS does. Arguments are checked against the document's schemas.
   * @param {string} name @param {{ value?: string, binary?: string }} value @param {{ stages?: string[] }} [options]
   */
  function putSecretValue(name, value, options = {}) {
    if (!store) throw new MockUsageError('putSecretValue needs a mock with secrets (pass secrets: [] for an empty one)');
    const v = validatorsFor(spec);
    if (typeof name !== 'string' || !v.name(name))
      throw new MockUsageError('the secret name must be a valid secret_name (1 to 64 of a-z A-Z 0-9 . _ -)');
    if (typeof value !== 'object' || value === null || (value.value === undefined) === (value.binary === undefined))
      throw new MockUsageError('give exactly one of { value } (text) and { binary } (Base64)');
    if (value.value !== undefined && (typeof value.value !== 'string' || !v.value(value.value)))
      throw new MockUsageError('value must be a string of at most 32768 characters');
    if (value.binary !== undefined && (typeof value.binary !== 'string' || !v.binary(value.binary)))
      throw new MockUsageError('binary must be standard Base64 with padding, at most 32768 characters');
    const { stages } = options ?? {};
    if (
      stages !== undefined &&
      (!Array.isArray(stages) || stages.length === 0 || !stages.every((s) => typeof s === 'string' && v.stage(s)))
    )
      throw new MockUsageError('stages must be a non-empty list of stage names');
    const given = value.value !== undefined ? { value: value.value } : { binary: value.binary };
    try {
      // The test's own backdoor: a value for a secret in any state, as a config could hold it.
      if (store.has(name)) return store.addVersion(name, given, { anyState: true, ...(stages ? { stages } : {}) });
      return store.create(name, defaultMetadata(name, store.now()), given, stages ? { stages } : {}).version;
    } catch (e) {
      if (e instanceof ServiceError) throw new MockUsageError(e.message);
      throw e;
    }
  }
  return { putSecretValue };
}
