// @ts-check
// The mock's engine, for both ways of serving it: over HTTP (prism.js) and in-process under MSW
// (msw.js). It builds once what every request needs (the engine's context: the document's
// operations and answers, faults, credentials, the model, Prism) and hands each request to the
// ECS metadata service (metadata.js), the control endpoints (admin.js) or the API (decide.js).
// Every answer gets its own X-Request-Id, repeated as `request_id` in a gateway error body, and
// an answer of the API goes into the journal.
import { ADMIN_PREFIX, createControlEndpoints } from './admin.js';
import { createDocumentAnswers, gatewayError, problem, withRequestId } from './answers.js';
import { createCredentialCheck } from './auth.js';
import { createControl, MockUsageError } from './control.js';
import { decide, NO_BODY_LIMIT, pathDecodes } from './decide.js';
import { createFaults } from './faults.js';
import { handlers } from './handlers/index.js';
import { createJournal, JOURNAL_LIMIT } from './journal.js';
import { createMetadataService } from './metadata.js';
import { createProject } from './model/project.js';
import { bodyFields } from './openapi.js';
import { createPrismAnswers } from './prism-answers.js';
import { createRequestReader } from './requests.js';
import { MockSetupError } from './spec.js';

export { gatewayError, problem, withRequestId, pathDecodes, MockUsageError, JOURNAL_LIMIT, ADMIN_PREFIX };

/** @typedef {import('./answers.js').MockAnswer} MockAnswer */
/** @typedef {import('./journal.js').JournalEntry} JournalEntry */
/** @typedef {import('./openapi.js').TableOperation} TableOperation */
/** @typedef {import('./decide.js').MockRequest} MockRequest */
/** @typedef {import('./decide.js').Outcome} Outcome */
/** @typedef {import('./decide.js').Route} Route */

/** The most a control request may send: a value of 32,768 characters, escaped, and its stages. */
const ADMIN_BODY_LIMIT = 256 * 1024;

/**
 * Operations a stateful mock could only answer from an example though they are not marked so:
 * a write answered that way would store nothing, and the test relying on it would pass on a lie.
 * @param {Record<string, TableOperation>} operations
 */
export const unhandledOperations = (operations) =>
  Object.values(operations)
    .filter((op) => !Object.hasOwn(handlers, op.operationId) && !op.mockExamples)
    .map((op) => op.operationId);

/**
 * What every request needs, built once (decide.js reads it).
 * @param {any} spec @param {import('./config.js').CheckedConfig} config
 * @param {{ logger?: import('./log.js').MockLogger, answerUnknownRoutes: boolean, loadPrism?: () => import('./prism-answers.js').Prism | undefined }} options
 */
function createContext(spec, config, { logger, answerUnknownRoutes, loadPrism }) {
  const { operations, schemas, route, check: checkRequest } = createRequestReader(spec);
  const answers = createDocumentAnswers(spec, operations);
  const project = config.secrets
    ? createProject(
        spec,
        { secrets: config.secrets, events: config.events },
        { ...(config.clock ? { now: config.clock } : {}), seed: config.seed ?? 1 },
      )
    : undefined;
  if (project) {
    const unhandled = unhandledOperations(operations);
    if (unhandled.length > 0)
      throw new MockSetupError(
        `A stateful mock cannot answer ${unhandled.join(', ')}: no handler stores what they do, and the document does not mark them \`x-mock-examples: true\`.`,
      );
  }
  // The ECS metadata service beside the API (metadata.js), when configured; its keys pass auth.js too.
  const metadata = config.metadata ? createMetadataService(config.metadata) : undefined;
  /** @type {Map<string, ReturnType<typeof bodyFields>>} */
  const fields = new Map();
  let closed = false;
  return {
    spec,
    operations,
    route,
    checkRequest,
    answers,
    project,
    metadata,
    answerUnknownRoutes,
    faults: createFaults(config),
    refusedCredentials: createCredentialCheck(config, metadata),
    // Without secrets every answer is an example: Prism is loaded now rather than by the first request.
    prism: createPrismAnswers(spec, logger, { load: loadPrism, now: !project }),
    malformedPath: Object.values(operations)
      .filter((op) => op.errors.includes(400))
      .map((op) => answers.documented(op, 400))[0],
    /** The picker of an operation's documented body fields (handlers store no other). @param {TableOperation} op */
    fieldsOf(op) {
      const known = fields.get(op.operationId);
      if (known) return known;
      const pick = bodyFields(op, schemas);
      fields.set(op.operationId, pick);
      return pick;
    },
    closed: () => closed,
    close: () => {
      closed = true;
    },
  };
}

/** @typedef {ReturnType<typeof createContext>} EngineContext */

/** The path parameters a request named, but those the client fills from its options (the project). @param {Route | undefined} r */
const journalParams = (r) => {
  /** @type {Record<string, string>} */
  const params = {};
  if (!r) return params;
  for (const name in r.params)
    if (r.op.params[name]?.option === undefined) params[name] = /** @type {string} */ (r.params[name]).slice(0, 256);
  return params;
};

/**
 * @param {any} spec the bundled document
 * @param {import('./config.js').CheckedConfig} config checked options (config.js)
 * @param {{ logger?: import('./log.js').MockLogger, answerUnknownRoutes?: boolean, loadPrism?: () => import('./prism-answers.js').Prism | undefined }} [options]
 *   answerUnknownRoutes: answer a path the document does not have (over HTTP); under MSW such a
 *   request is left to other handlers. loadPrism: how Prism is found (default: from node_modules)
 */
export function createEngine(spec, config, { logger, answerUnknownRoutes = false, loadPrism } = {}) {
  const ctx = createContext(spec, config, { logger, answerUnknownRoutes, loadPrism });
  const control = createControl(spec, ctx.project?.secrets);
  const journal = createJournal();
  const reset = () => {
    ctx.project?.reset();
    ctx.metadata?.reset();
    journal.clear();
    ctx.faults.reset();
  };
  // The control endpoints under ADMIN_PREFIX (admin.js), driving the engine's own control methods.
  const admin = createControlEndpoints(config.admin, { requests: () => journal.list(), reset, putSecretValue: control.putSecretValue });

  /** @param {MockRequest} request @returns {Promise<Outcome | undefined>} */
  async function handle(request) {
    const [path = ''] = request.target.split('?', 1);
    // The metadata service's two paths come before the API's routing (metadata.js).
    const fromMetadata = ctx.metadata?.handle(request.method.toUpperCase(), path, request.header);
    if (fromMetadata) return withRequestId(fromMetadata);
    if (config.admin && path.startsWith(ADMIN_PREFIX)) {
      const answer = admin(request.method.toUpperCase(), path, request);
      return answer && withRequestId(answer);
    }
    const { outcome, route: r } = await decide(ctx, request);
    // Not a route of the document: the server answers it (or, under MSW, another handler does).
    if (!outcome) return outcome;
    const answered = 'reset' in outcome ? outcome : withRequestId(outcome);
    const params = journalParams(r);
    journal.add({
      method: request.method.slice(0, 16),
      operation: r?.op.operationId,
      params,
      secretName: params.secret_name,
      status: 'reset' in answered ? 'reset' : answered.status,
      requestId: 'reset' in answered ? undefined : answered.headers['x-request-id'],
    });
    return answered;
  }

  return {
    handle,
    /** The most a request to `target` may send, from its operation's body schema (the server reads no more). @param {string} method @param {string} target */
    bodyLimit(method, target) {
      if (config.admin && target.startsWith(ADMIN_PREFIX)) return ADMIN_BODY_LIMIT;
      // A path that does not decode gets its 400 from handle(); its body has nothing to say.
      if (!pathDecodes(target)) return NO_BODY_LIMIT;
      const r = ctx.route(target, method);
      return typeof r === 'object' && 'op' in r ? (r.op.body?.maxBytes ?? NO_BODY_LIMIT) : NO_BODY_LIMIT;
    },
    /** The methods the document's operations take, for CORS. */
    methods: [...new Set(Object.values(ctx.operations).map((op) => op.method))],
    putSecretValue: control.putSecretValue,
    reset,
    /** Requests the metadata service answered, by path (undefined when it is off). */
    get metadataRequests() {
      return ctx.metadata?.requests;
    },
    /** The answered requests, oldest first (a copy). */
    get requests() {
      return journal.list();
    },
    /** Ends pending fault delays (their requests get no answer) and refuses new work. */
    close() {
      ctx.close();
      ctx.faults.close();
    },
  };
}

/** @typedef {ReturnType<typeof createEngine>} Engine */
