// @ts-check
// The mock's data and behaviour, the same keys everywhere: startMock({ … }), createHandlers({ … }),
// and a YAML or JSON file for `npm start` (MOCK_CONFIG=path) and `csms-mock --config path`.
// Everything is checked before anything starts, against the document's own schemas.
import fs from 'node:fs';
import yaml from 'js-yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { defaultMetadata, defaultValueFor, idFor } from './model/defaults.js';
import { firstError, recordChecker, validatorsFor } from './model/record.js';
import { DAY } from './model/secret.js';
import { fromPlain } from './model/secrets/plain.js';
import { operationTable } from './openapi.js';
import { MockSetupError } from './spec.js';

export { firstError };

/**
 * @typedef {object} MockVersion A version of a configured secret, with its value.
 * @property {string} [id] default `v1`, `v2`… in list order
 * @property {string} [value] a text value (what `secret_string` returns)
 * @property {string} [binary] a binary value in Base64 (what `secret_binary` returns); give `value` or `binary`
 * @property {string[]} [stages] the stages pointing at it; when no version of the secret lists stages,
 *   the newest gets SYSCURRENT and the one before SYSPREVIOUS
 * @property {number} [create_time] ms since the epoch; default: the secret's create_time plus one day per version
 */
/**
 * @typedef {object} MockSecret A secret the mock knows: the document's `Secret` fields (only
 *   `name` is required; the others get defaults), its versions and the backup `DownloadSecretBlob` returns.
 * @property {string} name
 * @property {string} [id] default: a UUID derived from the name
 * @property {'ENABLED' | 'DISABLED' | 'PENDING_DELETE' | 'FROZEN'} [state] default ENABLED
 * @property {string} [kms_key_id] default: 32 hex digits derived from the name
 * @property {string} [description]
 * @property {number} [create_time] ms since the epoch; default 1704067200000 (2024-01-01)
 * @property {number} [update_time] default: the newest version's create_time
 * @property {number | null} [scheduled_delete_time] default: null, or create_time + 7 days when PENDING_DELETE
 * @property {MockVersion[]} [versions] oldest first; default: one version `v1` with a generated value
 * @property {{ key: string, value?: string }[]} [tags] the secret's tags (at most 20)
 * @property {string} [blob] what DownloadSecretBlob returns instead of the mock's sealed backup (which UploadSecretBlob restores)
 * @property {'COMMON' | 'RDS-FG' | 'GaussDB-FG' | 'RDS'} [secret_type] default COMMON (a database type rotates)
 * @property {boolean} [auto_rotation]
 * @property {string} [rotation_period] e.g. `30d`
 * @property {string} [rotation_config] JSON text, for database secrets
 * @property {string[]} [event_subscriptions] the event names the secret notifies
 * @property {string} [rotation_func_urn]
 * @property {string} [enterprise_project_id]
 */
/**
 * @typedef {object} MockEvent An event of the project (the document's CreateSecretEventRequest).
 * @property {string} name
 * @property {string[]} event_types the basic events it reports: SECRET_VERSION_CREATED, SECRET_ROTATED, SECRET_DELETED…
 * @property {'ENABLED' | 'DISABLED'} [state] default ENABLED
 * @property {{ target_type: 'SMN', target_id: string, target_name: string }} notification the SMN topic
 */
/**
 * @typedef {object} FaultRule Answers matching requests with a fault instead of the normal answer.
 * @property {string} [operation] only this operation, by operationId (default: every operation)
 * @property {string} [secretName] only this secret name (default: any); short for `params: { secret_name }`
 * @property {Record<string, string>} [params] only requests whose path parameters have these values (any parameter of the document: secret_name, version_id, stage_name…)
 * @property {number} [status] an error status the operation documents (429, 500, 502, 504…)
 * @property {boolean} [html] with status 502 or 504: a gateway's HTML page instead of the JSON body
 * @property {number} [retryAfter] with status 429: the Retry-After seconds (default 1)
 * @property {boolean} [reset] close the connection without an answer
 * @property {number} [delayMs] wait this long first (alone: then answer normally)
 * @property {number} [times] only the first N matching requests
 * @property {number} [rate] only this fraction (0–1) of matching requests, drawn from `seed`
 */
/**
 * @typedef {object} MockConfig
 * @property {MockSecret[]} [secrets] when given, only these names exist (others get the document's 404) and
 *   every operation answers from them
 * @property {MockEvent[]} [events] the project's events (CreateSecretEvent's fields), which secrets name in
 *   `event_subscriptions`; with `secrets` only
 * @property {string[]} [tokens] when given, only these X-Auth-Token values pass (others get the 401)
 * @property {{ ak: string, sk: string }[]} [accessKeys] when given, signed requests are verified with these keys
 * @property {FaultRule[]} [faults]
 * @property {number} [seed] for fault `rate`; default 1
 * @property {boolean | { token?: string }} [admin] serve the control endpoints under /_mock/ (HTTP only);
 *   `{ token }`: only requests with `Authorization: Bearer <token>` pass; default false
 * @property {() => number} [clock] the mock's time in milliseconds since the epoch (in code only, not in a
 *   file): creation and update times, scheduled deletions; default Date.now. A test that fixes it gets the
 *   same answers every run.
 * @property {boolean | MetadataOptions} [metadata] also be the ECS metadata service (metadata.js):
 *   `true`, or `{ credentialTtlMs, sessionTtlMs }`
 */
/**
 * @typedef {object} MetadataOptions The ECS metadata service beside the API.
 * @property {number} [credentialTtlMs] how long each set of temporary keys works; default 86,400,000 (24 h)
 * @property {number} [sessionTtlMs] how long a session token works; default what the token request asks for
 */
/**
 * @typedef {object} CheckedConfig
 * @property {Map<string, import('./model/record.js').StoredSecret>} [secrets] checked, by name, in list order
 * @property {string[]} [tokens]
 * @property {{ ak: string, sk: string }[]} [accessKeys]
 * @property {FaultRule[]} [faults]
 * @property {number} [seed]
 * @property {{ token?: string }} [admin] the control endpoints are on (absent: off)
 * @property {() => number} [clock]
 * @property {import('./model/events.js').StoredEvent[]} [events]
 * @property {import('./metadata.js').MetadataConfig} [metadata]
 */

const KEYS = ['secrets', 'events', 'tokens', 'accessKeys', 'faults', 'seed', 'admin', 'metadata', 'clock'];
const METADATA_KEYS = ['credentialTtlMs', 'sessionTtlMs'];
/** Temporary keys live 24 h by default (FunctionGraph documents 24 h for its agency keys). */
export const DEFAULT_CREDENTIAL_TTL_MS = 86_400_000;
const FAULT_KEYS = ['operation', 'secretName', 'params', 'status', 'html', 'retryAfter', 'reset', 'delayMs', 'times', 'rate'];
const VERSION_KEYS = ['id', 'value', 'binary', 'stages', 'create_time', 'expire_time'];
/** The default version ids, made once: `v1`… (a config of 10,000 secrets has 30,000 versions). */
const VERSION_IDS = Array.from({ length: 20 }, (_, i) => `v${i + 1}`);
const OPTIONAL_VERSION_KEYS = VERSION_KEYS.filter((k) => k !== 'id' && k !== 'create_time');
const isPlainObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validators for config values, from the document's own schemas (model/record.js compiles them once per document). */
export const configValidators = validatorsFor;

/**
 * Checks options against the document and fills in defaults; throws one MockSetupError naming
 * the source, the entry and the field at the first problem.
 * @param {any} spec the bundled document
 * @param {unknown} options
 * @param {string} [source] where the options came from, for messages (a file name)
 * @returns {CheckedConfig}
 */
export function checkConfig(spec, options, source = 'mock options') {
  const fail = (/** @type {string} */ what) => {
    throw new MockSetupError(`${source}: ${what}`);
  };
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) fail(`expected an object with ${KEYS.join(', ')}`);
  const o = /** @type {Record<string, unknown>} */ (options);
  for (const key of Object.keys(o))
    if (!KEYS.includes(key) && o[key] !== undefined) fail(`unknown key "${key.slice(0, 64)}" (expected ${KEYS.join(', ')})`);

  /** @type {CheckedConfig} */
  const config = {};
  if (o.secrets !== undefined) {
    if (!Array.isArray(o.secrets)) fail('secrets must be a list');
    const { check } = recordChecker(spec);
    config.secrets = new Map();
    for (const [i, entry] of /** @type {unknown[]} */ (o.secrets).entries()) {
      const { name, secret } = checkSecret(entry, `secrets[${i}]`, fail, check);
      if (config.secrets.has(name)) fail(`secrets[${i}] (${JSON.stringify(name.slice(0, 80))}): the name appears twice`);
      config.secrets.set(name, secret);
    }
  }
  if (o.tokens !== undefined) {
    if (!Array.isArray(o.tokens) || o.tokens.length === 0 || !o.tokens.every((t) => typeof t === 'string' && t.length > 0))
      fail('tokens must be a non-empty list of non-empty strings');
    config.tokens = /** @type {string[]} */ (o.tokens);
  }
  if (o.accessKeys !== undefined) {
    const keys = o.accessKeys;
    if (!Array.isArray(keys) || keys.length === 0) fail('accessKeys must be a non-empty list of { ak, sk }');
    const aks = new Set();
    config.accessKeys = /** @type {unknown[]} */ (keys).map((k, i) => {
      const key = /** @type {Record<string, unknown>} */ (k);
      if (typeof key?.ak !== 'string' || !key.ak || typeof key.sk !== 'string' || !key.sk)
        fail(`accessKeys[${i}] must have ak and sk, both non-empty strings`);
      // Signatures name their AK: with one AK twice, the second SK could never verify.
      if (aks.has(key.ak)) fail(`accessKeys[${i}]: the same ak is configured twice`);
      aks.add(key.ak);
      return { ak: /** @type {string} */ (key.ak), sk: /** @type {string} */ (key.sk) };
    });
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) fail('seed must be an integer');
  if (o.seed !== undefined) config.seed = /** @type {number} */ (o.seed);
  if (o.admin !== undefined && o.admin !== false) config.admin = checkAdmin(o.admin, fail);
  if (o.faults !== undefined) config.faults = checkFaults(spec, o.faults, fail);
  if (o.clock !== undefined && typeof o.clock !== 'function') fail('clock must be a function returning milliseconds since the epoch');
  if (o.clock !== undefined) config.clock = /** @type {() => number} */ (o.clock);
  if (o.metadata !== undefined && o.metadata !== false) config.metadata = checkMetadata(o.metadata, fail);
  if (o.events !== undefined) config.events = checkEvents(spec, o.events, fail);
  return config;
}

/**
 * `admin`: true, or `{ token }` (a non-empty string without spaces, as it is sent in a Bearer
 * header). Messages never quote the token.
 * @param {unknown} admin @param {(what: string) => never} fail @returns {{ token?: string }}
 */
function checkAdmin(admin, fail) {
  if (admin === true) return {};
  if (!isPlainObject(admin)) fail('admin must be true, false or { token }');
  const { token, ...other } = /** @type {Record<string, unknown>} */ (admin);
  const unknown = Object.keys(other)[0];
  if (unknown !== undefined) fail(`admin: unknown key "${unknown.slice(0, 64)}" (expected token)`);
  if (token === undefined) return {};
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
    fail('admin.token must be a non-empty string of printable ASCII characters without spaces');
  return { token: /** @type {string} */ (token) };
}

/**
 * The project's events: each as CreateSecretEvent takes it (the document's schema), a name once,
 * ENABLED unless said otherwise, created at the configuration's time.
 * @param {any} spec @param {unknown} events @param {(what: string) => never} fail
 * @returns {import('./model/events.js').StoredEvent[]}
 */
function checkEvents(spec, events, fail) {
  if (!Array.isArray(events)) fail('events must be a list');
  const valid = eventValidator(spec);
  const names = new Set();
  return /** @type {unknown[]} */ (events).map((entry, i) => {
    const label = `events[${i}]`;
    const event = isPlainObject(entry) ? { state: 'ENABLED', .../** @type {object} */ (entry) } : entry;
    if (!valid(event)) fail(`${label}: ${firstError(valid)} (an event as CreateSecretEvent takes it)`);
    const e = /** @type {{ name: string, event_types: string[], state: string, notification: Record<string, unknown> }} */ (event);
    if (names.has(e.name)) fail(`${label}: the name ${e.name} appears twice`);
    names.add(e.name);
    return { ...e, event_id: idFor(e.name, CONFIGURED_AT), create_time: CONFIGURED_AT, update_time: CONFIGURED_AT };
  });
}

/** When configured events were created: the default creation time of configured secrets (2024-01-01). */
const CONFIGURED_AT = 1_704_067_200_000;

/** @param {any} spec */
function eventValidator(spec) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false, validateSchema: false });
  ajv.addSchema(spec, 'openapi.json');
  // A document without events (another `--spec`) takes none: its check refuses every event.
  const known = spec.components?.schemas?.CreateSecretEventRequest !== undefined;
  return ajv.compile(known ? { $ref: 'openapi.json#/components/schemas/CreateSecretEventRequest' } : false);
}

/**
 * `metadata: true` or `{ credentialTtlMs?, sessionTtlMs? }`, with the default lifetime.
 * @param {unknown} metadata @param {(what: string) => never} fail
 * @returns {import('./metadata.js').MetadataConfig}
 */
function checkMetadata(metadata, fail) {
  if (metadata === true) return { credentialTtlMs: DEFAULT_CREDENTIAL_TTL_MS };
  if (!isPlainObject(metadata)) fail('metadata must be true or an object with credentialTtlMs and sessionTtlMs');
  const m = /** @type {Record<string, unknown>} */ (metadata);
  for (const key of Object.keys(m))
    if (!METADATA_KEYS.includes(key)) fail(`metadata: unknown key "${key.slice(0, 64)}" (expected ${METADATA_KEYS.join(', ')})`);
  for (const key of METADATA_KEYS) {
    const value = m[key];
    // Up to a week: long enough for any run, short enough that Date arithmetic stays exact.
    if (
      value !== undefined &&
      (!Number.isInteger(value) || /** @type {number} */ (value) < 1 || /** @type {number} */ (value) > 604_800_000)
    )
      fail(`metadata: ${key} must be a whole number of milliseconds from 1 to 604800000`);
  }
  return {
    credentialTtlMs: /** @type {number | undefined} */ (m.credentialTtlMs) ?? DEFAULT_CREDENTIAL_TTL_MS,
    ...(m.sessionTtlMs === undefined ? {} : { sessionTtlMs: /** @type {number} */ (m.sessionTtlMs) }),
  };
}

/**
 * One configured secret: defaults filled in, then the one record check every stored secret
 * passes (model/record.js), so a config cannot hold what the API would refuse to store.
 * @param {unknown} entry @param {string} label @param {(what: string) => never} fail
 * @param {ReturnType<typeof recordChecker>['check']} check
 * @returns {{ name: string, secret: import('./model/record.js').StoredSecret }}
 */
function checkSecret(entry, label, fail, check) {
  if (!isPlainObject(entry)) fail(`${label} must be an object with at least a name`);
  const e = /** @type {Record<string, unknown>} */ (entry);
  const { blob, versions, tags } = e;
  const name = e.name;
  if (typeof name !== 'string') fail(`${label} has no name (a string)`);
  const n = /** @type {string} */ (name);
  // The label is made only for a message: a config of 10,000 secrets is checked at start-up.
  const failHere = (/** @type {string} */ what) => fail(`${label} (${JSON.stringify(n.slice(0, 80))}): ${what}`);
  const create = typeof e.create_time === 'number' ? e.create_time : CONFIGURED_AT;
  const plainVersions = versionsFrom(versions, create, n, failHere);
  // The defaults, then the entry's own fields over them (but its versions, tags and blob), field
  // by field: a rest pattern and two spreads cost several times as much, 10,000 times at start-up.
  /** @type {Record<string, unknown>} */
  const metadata = defaultMetadata(n, create);
  let latest = create;
  for (const x of plainVersions) latest = Math.max(latest, /** @type {number} */ (x.create_time));
  metadata.update_time = latest;
  metadata.scheduled_delete_time = e.state === 'PENDING_DELETE' ? create + 7 * DAY : null;
  for (const key of Object.keys(e)) {
    if (key === 'versions' || key === 'tags' || key === 'blob') continue;
    // An own `__proto__` key stays a field (the record check names it), never the prototype.
    if (key === '__proto__') Object.defineProperty(metadata, key, { value: e[key], enumerable: true, writable: true, configurable: true });
    else metadata[key] = e[key];
  }
  if (blob !== undefined && (typeof blob !== 'string' || blob.length === 0)) failHere('field blob must be a non-empty string');
  // fromPlain takes an absent tags or blob as undefined.
  const secret = fromPlain({ metadata, versions: plainVersions, tags, blob: /** @type {string | undefined} */ (blob) });
  if (typeof secret === 'string') failHere(secret);
  const problem = check(n, /** @type {import('./model/record.js').StoredSecret} */ (secret));
  if (problem) failHere(problem);
  return { name: n, secret: /** @type {import('./model/record.js').StoredSecret} */ (secret) };
}

/**
 * A configured secret's versions with their defaults: ids `v1`, `v2`… in list order, a day apart
 * from the secret's creation, and a generated value when none are given.
 * @param {unknown} versions @param {number} create @param {string} name @param {(what: string) => never} fail
 * @returns {Record<string, unknown>[]}
 */
function versionsFrom(versions, create, name, fail) {
  if (versions === undefined) return [{ id: 'v1', create_time: create, value: defaultValueFor(name) }];
  if (!Array.isArray(versions) || versions.length === 0) fail('versions must be a non-empty list (oldest first)');
  // Labels are made only for a message: 10,000 secrets of three versions are 30,000 entries.
  return /** @type {unknown[]} */ (versions).map((entry, i) => {
    if (!isPlainObject(entry)) fail(`versions[${i}] must be an object with value or binary`);
    const e = /** @type {Record<string, unknown>} */ (entry);
    for (const key in e)
      if (!VERSION_KEYS.includes(key)) fail(`versions[${i}]: unknown key "${key.slice(0, 64)}" (expected ${VERSION_KEYS.join(', ')})`);
    // Built field by field (every key is one of VERSION_KEYS): a spread of the parsed object
    // plus new keys costs 25 times as much, 30,000 times at start-up.
    /** @type {Record<string, unknown>} */
    const version = { id: e.id ?? VERSION_IDS[i] ?? `v${i + 1}`, create_time: e.create_time ?? create + i * DAY };
    for (const key of OPTIONAL_VERSION_KEYS) if (Object.hasOwn(e, key)) version[key] = e[key];
    return version;
  });
}

/**
 * @param {any} spec @param {unknown} faults @param {(what: string) => never} fail
 * @returns {FaultRule[]}
 */
function checkFaults(spec, faults, fail) {
  if (!Array.isArray(faults)) fail('faults must be a list');
  const { operations } = operationTable(spec);
  const ids = Object.keys(operations);
  let names;
  return /** @type {unknown[]} */ (faults).map((f, i) => {
    const label = `faults[${i}]`;
    if (!isPlainObject(f)) fail(`${label} must be an object`);
    const rule = /** @type {FaultRule & Record<string, unknown>} */ (f);
    for (const key of Object.keys(rule))
      if (!FAULT_KEYS.includes(key)) fail(`${label}: unknown key "${key.slice(0, 64)}" (expected ${FAULT_KEYS.join(', ')})`);
    // Own keys of the table only: `toString` or `__proto__` name no operation.
    if (rule.operation !== undefined && (typeof rule.operation !== 'string' || !Object.hasOwn(operations, rule.operation))) {
      fail(`${label}: operation must be one of ${ids.join(', ')}`);
    }
    if (rule.secretName !== undefined) {
      names ??= configValidators(spec).name;
      if (typeof rule.secretName !== 'string' || !names(rule.secretName))
        fail(`${label}: secretName must be a valid secret name (a string)`);
    }
    if (rule.params !== undefined) checkFaultParams(rule, operations, `${label}: params`, fail);
    if (rule.status === undefined && !rule.reset && rule.delayMs === undefined) fail(`${label}: give a status, reset: true or delayMs`);
    if (rule.status !== undefined && rule.reset) fail(`${label}: status and reset cannot go together`);
    if (rule.reset !== undefined && typeof rule.reset !== 'boolean') fail(`${label}: reset must be true or false`);
    if (rule.html !== undefined && typeof rule.html !== 'boolean') fail(`${label}: html must be true or false`);
    if (rule.status !== undefined) {
      const targets = rule.operation ? [operations[rule.operation]] : Object.values(operations);
      if (
        !Number.isInteger(rule.status) ||
        rule.status < 400 ||
        !targets.every((op) => op?.errors.includes(/** @type {number} */ (rule.status)))
      ) {
        fail(`${label}: status ${rule.status} is not an error status that ${rule.operation ?? 'every operation'} documents`);
      }
    }
    if (rule.html && rule.status !== 502 && rule.status !== 504) fail(`${label}: html goes with status 502 or 504`);
    for (const [key, max] of /** @type {const} */ ([
      ['delayMs', 600_000],
      ['times', 1e9],
      ['retryAfter', 86_400],
    ])) {
      const value = rule[key];
      if (value !== undefined && (!Number.isInteger(value) || /** @type {number} */ (value) < 0 || /** @type {number} */ (value) > max))
        fail(`${label}: ${key} must be a whole number from 0 to ${max}`);
    }
    if (rule.rate !== undefined && !(typeof rule.rate === 'number' && rule.rate >= 0 && rule.rate <= 1))
      fail(`${label}: rate must be a number from 0 to 1`);
    return rule;
  });
}

/**
 * A fault rule's `params`: path parameters of the operation it names (of any operation when it
 * names none), each a string.
 * @param {import('./config.js').FaultRule} rule @param {Record<string, import('./openapi.js').TableOperation>} operations
 * @param {string} label @param {(what: string) => never} fail
 */
function checkFaultParams(rule, operations, label, fail) {
  if (!isPlainObject(rule.params)) fail(`${label} must be an object of path parameter names and values`);
  const targets = rule.operation ? [operations[rule.operation]] : Object.values(operations);
  const known = new Set(targets.flatMap((op) => op?.pathParams ?? []));
  for (const [name, value] of Object.entries(/** @type {Record<string, unknown>} */ (rule.params))) {
    if (!known.has(name))
      fail(`${label}: ${JSON.stringify(name.slice(0, 64))} is not a path parameter of ${rule.operation ?? 'any operation'}`);
    if (typeof value !== 'string' || value.length === 0) fail(`${label}.${name} must be a non-empty string`);
  }
}

/**
 * Reads a config file (YAML, or JSON, which YAML includes) and checks it.
 * @param {any} spec @param {string} file
 */
export function loadConfigFile(spec, file) {
  return checkConfig(spec, readConfigFile(file), file);
}

/**
 * Reads a config file (YAML, or JSON, which YAML includes), unchecked. Refuses YAML whose anchors
 * and aliases expand it far beyond its size (a "billion laughs" file of a few hundred bytes) or
 * make it contain itself: js-yaml shares aliased nodes, so either would only blow up later, when
 * an answer is serialized.
 * @param {string} file @returns {unknown}
 */
export function readConfigFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new MockSetupError(`${file}: cannot read the mock config (${/** @type {NodeJS.ErrnoException} */ (e).code ?? e})`);
  }
  let data;
  try {
    // js-yaml: a 1,000-secret file parses in about 20 ms, four times faster than the yaml package.
    data = yaml.load(text);
  } catch (e) {
    throw new MockSetupError(`${file}: not valid YAML or JSON (${yamlProblem(/** @type {Error} */ (e))})`);
  }
  // Only an alias (`*name`) makes a node appear twice or inside itself; a text without `*` has
  // none, and walking 10,000 secrets' values would cost start-up for nothing.
  if (text.includes('*')) checkExpansion(data, file, Math.max(100_000, 100 * Buffer.byteLength(text)));
  return data;
}

/**
 * js-yaml's reason and position, without the names it quotes from the file (a tag, an alias):
 * the file may be anything a path or a symlink points at.
 * @param {Error & { reason?: string, mark?: { line: number, column: number } }} e
 */
function yamlProblem(e) {
  if (typeof e.reason !== 'string' || !e.mark) return e instanceof RangeError ? 'nested too deeply' : 'cannot parse it';
  return `${e.reason.replace(/\s*(?:"[^"]*"|!<[^>]*>)/g, '')} at line ${e.mark.line + 1}, column ${e.mark.column + 1}`;
}

/**
 * Walks the loaded data as serializing it would (an aliased node once per reference), and
 * throws a MockSetupError once more than `budget` values have been seen or a node is found
 * inside itself. Iterative, so deep nesting cannot overflow the stack.
 * @param {unknown} data @param {string} file @param {number} budget
 */
function checkExpansion(data, file, budget) {
  /** Nodes still to visit; `LEAVE` after a node marks the end of its children. */
  const stack = [data];
  const LEAVE = Symbol('leave');
  /** The objects on the path from the root to the current node. */
  const path = new Set();
  let seen = 0;
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === LEAVE) {
      path.delete(stack.pop());
      continue;
    }
    if (++seen > budget) throw new MockSetupError(`${file}: the YAML expands to more than ${budget} values through anchors and aliases`);
    if (typeof node !== 'object' || node === null || ArrayBuffer.isView(node) || node instanceof Date) continue;
    if (path.has(node)) throw new MockSetupError(`${file}: the YAML refers to itself through an alias`);
    path.add(node);
    stack.push(node, LEAVE);
    for (const child of Object.values(node)) stack.push(child);
  }
}
