// @ts-check
// Handlers of the grants and of the password generator.

/** @type {Record<string, import('./index.js').Handler>} */
export const grantHandlers = {
  CreateGrants: ({ body, project }) => project.grants.create(body),
  ListGrants: ({ params, project }) => project.grants.list(params.resource_id),
  UpdateGrant: ({ params, body, project }) => project.grants.update(params.resource_id, body),
  DeleteGrant: ({ params, project }) => {
    project.grants.remove(params.resource_id, params.grantee_user);
  },
  GenerateRandomPassword: ({ body, project }) => ({ password: project.generatePassword(body ?? {}) }),
};
