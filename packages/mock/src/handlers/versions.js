// @ts-check
// Handlers of the operations on versions and stages.

/** @type {Record<string, import('./index.js').Handler>} */
export const versionHandlers = {
  ShowSecretVersion: ({ params, store }) => store.version(params.secret_name, params.version_id),
  ListSecretVersions: ({ params, store, op }) =>
    store.listVersions(params.secret_name, { limit: params.limit ?? op.paging?.defaultLimit, marker: params.marker }),
  ShowSecretStage: ({ params, store }) => store.stage(params.secret_name, params.stage_name),
};
