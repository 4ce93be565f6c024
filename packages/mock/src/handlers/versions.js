// @ts-check
// Handlers of the operations on versions and stages: read them, add a version, set its expiry,
// move or remove a stage.

/** @type {Record<string, import('./index.js').Handler>} */
export const versionHandlers = {
  ShowSecretVersion: ({ params, store }) => store.version(params.secret_name, params.version_id),
  ListSecretVersions: ({ params, store, op }) =>
    store.listVersions(params.secret_name, { limit: params.limit ?? op.paging?.defaultLimit, marker: params.marker }),
  CreateSecretVersion: ({ params, body, store }) => {
    const { secret_string, secret_binary, version_stages, expire_time } = body;
    const value = secret_string !== undefined ? { value: secret_string } : { binary: secret_binary };
    return {
      version_metadata: store.addVersion(
        params.secret_name,
        { ...value, ...(expire_time === undefined ? {} : { expire_time }) },
        { stages: version_stages },
      ),
    };
  },
  UpdateVersion: ({ params, body, store }) => ({
    version_metadata: store.setExpiry(params.secret_name, params.version_id, body.expire_time),
  }),
  ShowSecretStage: ({ params, store }) => store.stage(params.secret_name, params.stage_name),
  UpdateSecretStage: ({ params, body, store }) => ({ stage: store.moveStage(params.secret_name, params.stage_name, body.version_id) }),
  DeleteSecretStage: ({ params, store }) => {
    store.removeStage(params.secret_name, params.stage_name);
  },
};
