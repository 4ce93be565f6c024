// @ts-check
// Handlers of the operations on secrets: each unpacks the request, calls the store and shapes the
// answer the document describes. Nothing here decides a rule (the model does) or an HTTP status
// (the document does).

/** @type {Record<string, import('./index.js').Handler>} */
export const secretHandlers = {
  ShowSecret: ({ params, store }) => ({ secret: store.secret(params.secret_name) }),
  // As bytes: each secret's JSON is kept between changes, so a page is joined, not stringified,
  // and a page asked for again before a change is the same bytes.
  ListSecrets: ({ params, store, op }) =>
    store.listSecretsBytes({ limit: params.limit ?? op.paging?.defaultLimit, marker: params.marker, eventName: params.event_name }),
};
