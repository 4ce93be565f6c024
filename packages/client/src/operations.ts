// `@csms-openapi/client/operations`: every operation of the document as an entry for
// `createCsmsCore({ operations: [...] })`, one export each, named by operationId; a bundle keeps
// the rules of the operations it imports and no others. `allOperations` holds them all.
export * from '../../../generated/client-operations.js';
