// @ts-check
// Handlers of the tag operations: tags of one secret, by its id, and the project's view of them.

/** @type {Record<string, import('./index.js').Handler>} */
export const tagHandlers = {
  ListSecretTags: ({ params, store }) => store.tagsOf(params.secret_id),
  CreateSecretTag: ({ params, body, store }) => {
    store.setTag(params.secret_id, body.tag.key, body.tag.value ?? '');
  },
  DeleteSecretTag: ({ params, store }) => {
    store.deleteTag(params.secret_id, params.key);
  },
  BatchCreateOrDeleteTags: ({ params, body, store }) => {
    store.batchTags(params.secret_id, body.action, body.tags);
  },
  ListProjectSecretsTags: ({ store }) => store.projectTags(),
  // `limit` and `offset` come as strings of digits (the vendor's types).
  ListResourceInstances: ({ body, store }) =>
    store.resourceInstances({
      ...body,
      ...(body.limit === undefined ? {} : { limit: Number(body.limit) }),
      ...(body.offset === undefined ? {} : { offset: Number(body.offset) }),
    }),
};
