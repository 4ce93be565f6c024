// @ts-check
// Handlers of the events, the notifications they sent and the rotation tasks.

/** @type {Record<string, import('./index.js').Handler>} */
export const eventHandlers = {
  CreateSecretEvent: ({ body, project, fields }) => ({ event: project.events.create(/** @type {any} */ (fields(body))) }),
  ListSecretEvents: ({ params, project, op }) =>
    project.events.list({ limit: params.limit ?? op.paging?.defaultLimit, marker: params.marker }),
  ShowSecretEvent: ({ params, project }) => ({ event: project.events.show(params.event_name) }),
  UpdateSecretEvent: ({ params, body, project, fields }) => ({ event: project.events.update(params.event_name, fields(body)) }),
  DeleteSecretEvent: ({ params, project }) => {
    project.events.remove(params.event_name);
  },
  ListNotificationRecords: ({ project }) => project.notifications.list(),
  ListSecretTask: ({ params, project, op }) => project.tasks.list({ ...params, limit: params.limit ?? op.paging?.defaultLimit }),
};
