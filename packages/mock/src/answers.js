// @ts-check
// The mock's answers as the document writes them: a response of an operation with one of its
// examples, a service error by the name its example carries in `x-mock-error`, and the answers
// the gateway writes itself (no route, a body too large) and problem+json for the mock's own
// refusals. Every answer gets its own X-Request-Id.
import { randomUUID } from 'node:crypto';
import { dereferencer } from './openapi.js';

/** @typedef {{ status: number, headers: Record<string, string>, body: unknown }} MockAnswer */

/** @param {number} status @param {string} title @param {string} [detail] @returns {MockAnswer} */
export const problem = (status, title, detail) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: { type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) },
});

/**
 * An error the API gateway writes itself, in the document's Error shape, so every SDK reads its
 * code and request id (a problem+json body is not read by the official Java SDK). Codes from
 * Huawei Cloud API Gateway's error code table (user guide, "Error Codes": APIG.0101 404 for an
 * API or method that does not exist, APIG.0201 413 for a request entity too large), with the
 * APIGW prefix the gateway in front of CSMS uses (APIGW.0301, APIGW.0308 in this document).
 * @param {number} status @param {string} code @param {string} message @returns {MockAnswer}
 */
export const gatewayError = (status, code, message) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: { error_code: code, error_msg: message, request_id: '' },
});

/** 32 hex digits, as the gateway's request ids are. */
const newRequestId = () => randomUUID().replaceAll('-', '');

/** Adds the answer's own X-Request-Id (repeated as `request_id` where the body has one). @param {MockAnswer} answer */
export function withRequestId(answer, id = newRequestId()) {
  const body =
    answer.body !== null && typeof answer.body === 'object' && Object.hasOwn(answer.body, 'request_id')
      ? { ...answer.body, request_id: id }
      : answer.body;
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [name, value] of Object.entries(answer.headers)) headers[name.toLowerCase()] = value;
  // An answer without a body has no content type (Prism names text/plain for a 204).
  if (answer.body === undefined || answer.body === '') delete headers['content-type'];
  headers['x-request-id'] = id;
  return { status: answer.status, headers, body };
}

/**
 * @param {any} spec the bundled document
 * @param {Record<string, import('./openapi.js').TableOperation>} operations its operation table
 */
export function createDocumentAnswers(spec, operations) {
  const deref = dereferencer(spec);
  const operationOf = (/** @type {import('./openapi.js').TableOperation} */ op) => deref(spec.paths[op.path])[op.method.toLowerCase()];

  // Where each service error is written: per operation, the status and example name whose
  // example carries `x-mock-error: <name>`; and the first operation documenting it, for an
  // operation that does not (a gap in the document, which the tests look for).
  /** @type {Map<string, Map<string, { status: string, example: string }>>} */
  const byOperation = new Map();
  /** @type {Map<string, { op: import('./openapi.js').TableOperation, status: string, example: string }>} */
  const anywhere = new Map();
  for (const op of Object.values(operations)) {
    /** @type {Map<string, { status: string, example: string }>} */
    const found = new Map();
    for (const [status, response] of Object.entries(operationOf(op).responses ?? {})) {
      const media = Object.values(deref(response)?.content ?? {})[0];
      for (const [example, ref] of Object.entries(media?.examples ?? {})) {
        const name = deref(ref)?.['x-mock-error'];
        if (typeof name !== 'string' || found.has(name)) continue;
        found.set(name, { status, example });
        if (!anywhere.has(name)) anywhere.set(name, { op, status, example });
      }
    }
    byOperation.set(op.operationId, found);
  }

  /**
   * The document's answer `status` of an operation, with the named example (or the first).
   * @param {import('./openapi.js').TableOperation} op @param {number | string} status @param {string} [exampleName]
   * @returns {MockAnswer}
   */
  function documented(op, status, exampleName) {
    const response = deref(operationOf(op).responses?.[String(status)]);
    const [mediaType, media] = Object.entries(response?.content ?? {})[0] ?? [];
    const examples = media?.examples ?? {};
    const chosen =
      (exampleName !== undefined && Object.hasOwn(examples, exampleName) ? examples[exampleName] : undefined) ?? Object.values(examples)[0];
    /** @type {Record<string, string>} */
    const headers = mediaType ? { 'content-type': mediaType } : {};
    return { status: Number(status), headers, body: structuredClone(deref(chosen)?.value ?? media?.example) };
  }

  /** @type {Map<import('./openapi.js').TableOperation, Map<string, Readonly<Record<string, string>>>>} */
  const headersByOperation = new Map();
  /**
   * The headers of the document's answer `status` of an operation (its media type), worked out
   * once: every answer from the model needs them, and no example is read for them.
   * @param {import('./openapi.js').TableOperation} op @param {number | string} status @returns {Readonly<Record<string, string>>}
   */
  function documentedHeaders(op, status) {
    let byStatus = headersByOperation.get(op);
    if (!byStatus) {
      byStatus = new Map();
      headersByOperation.set(op, byStatus);
    }
    let headers = byStatus.get(String(status));
    if (!headers) {
      const [mediaType] = Object.keys(deref(operationOf(op).responses?.[String(status)])?.content ?? {});
      /** @type {Record<string, string>} */
      const found = mediaType ? { 'content-type': mediaType } : {};
      headers = Object.freeze(found);
      byStatus.set(String(status), headers);
    }
    return headers;
  }

  /**
   * The answer of a service error: the example named by `x-mock-error`, with `message` as its
   * `error_msg`; undefined when the document names no example for the error anywhere.
   * @param {import('./openapi.js').TableOperation} op @param {string} error @param {string} [message]
   * @returns {MockAnswer | undefined}
   */
  function serviceError(op, error, message) {
    const own = byOperation.get(op.operationId)?.get(error);
    const other = own ? undefined : anywhere.get(error);
    const where = own ? { op, ...own } : other;
    if (!where) return undefined;
    const answer = documented(where.op, where.status, where.example);
    if (!answer.body || typeof answer.body !== 'object') return answer;
    // In the form the operation writes its errors of that status: flat, or wrapped in `error`
    // (WrappedError), and the message where that form has it.
    const body = /** @type {Record<string, any>} */ (answer.body);
    const detail = { ...(body.error ?? body), ...(message === undefined ? {} : { error_msg: message }) };
    answer.body = wrapped(op, where.status) ? { error: { error_code: detail.error_code, error_msg: detail.error_msg } } : detail;
    return answer;
  }

  /** Whether an operation writes its errors of a status wrapped (its examples there are). @param {import('./openapi.js').TableOperation} op @param {string} status */
  function wrapped(op, status) {
    const media = Object.values(deref(operationOf(op).responses?.[status])?.content ?? {})[0];
    const first = deref(Object.values(media?.examples ?? {})[0])?.value ?? media?.example;
    return first !== null && typeof first === 'object' && typeof first.error === 'object' && first.error_code === undefined;
  }

  /** The names of the errors an operation documents (`x-mock-error`). @param {string} operationId */
  const errorsOf = (operationId) => [...(byOperation.get(operationId)?.keys() ?? [])];

  return { documented, documentedHeaders, serviceError, errorsOf };
}
