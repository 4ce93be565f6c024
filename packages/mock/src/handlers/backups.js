// @ts-check
// Handlers of the backup operations.

/** @type {Record<string, import('./index.js').Handler>} */
export const backupHandlers = {
  DownloadSecretBlob: ({ params, store }) => ({ secret_blob: store.backup(params.secret_name) }),
  UploadSecretBlob: ({ body, store }) => ({ secret: store.restore(body.secret_blob) }),
};
