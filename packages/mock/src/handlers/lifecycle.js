// @ts-check
// Handlers of the operations that change a secret: create (one or many), update, delete,
// scheduled deletion and its cancel, rotation. Each unpacks the request, calls the model (which
// keeps the rules) and shapes the answer the document describes.
import { createdMetadata } from '../model/defaults.js';
import { ServiceError } from '../model/errors.js';

/**
 * A CreateSecret body as the store takes it: the name, the metadata fields and the value.
 * @param {Record<string, any>} body the fields its schema lists (context.fields)
 */
const unpackCreate = ({ name, secret_string, secret_binary, ...fields }) => ({
  name: /** @type {string} */ (name),
  fields,
  value: secret_string !== undefined ? { value: secret_string } : { binary: secret_binary },
});

/** @type {Record<string, import('./index.js').Handler>} */
export const lifecycleHandlers = {
  CreateSecret: ({ body, store, fields }) => {
    const { name, fields: given, value } = unpackCreate(fields(body));
    return { secret: store.create(name, createdMetadata(name, given, store.now()), value).secret };
  },
  BatchImportSecrets: ({ body, store, fields }) => {
    /** @type {{ name: string, error_msg: string }[]} */
    const failed = [];
    for (const item of body.secrets) {
      const { name, fields: given, value } = unpackCreate(fields(item, 'secrets[]'));
      try {
        store.create(name, createdMetadata(name, given, store.now()), value);
      } catch (e) {
        // Each item on its own: a taken name is listed, the others are created.
        if (!(e instanceof ServiceError)) throw e;
        failed.push({ name, error_msg: e.message });
      }
    }
    const total = body.secrets.length;
    return { error_list: failed, total, success: total - failed.length, failed: failed.length };
  },
  UpdateSecret: ({ params, body, store, fields }) => ({ secret: store.update(params.secret_name, fields(body ?? {})) }),
  DeleteSecret: ({ params, store }) => {
    store.remove(params.secret_name);
  },
  DeleteSecretForSchedule: ({ params, body, store }) => ({
    secret: store.scheduleDeletion(params.secret_name, body.recovery_window_in_days),
  }),
  RestoreSecret: ({ params, store }) => ({ secret: store.cancelDeletion(params.secret_name) }),
  RotateSecret: ({ params, project }) => project.rotate(params.secret_name),
};
