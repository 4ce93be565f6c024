// @ts-check
// The mock's data and behaviour, the same keys everywhere: startMock({ … }), createHandlers({ … }),
// and a YAML or JSON file for `npm start` (MOCK_CONFIG=path) and `csms-mock --config path`.
// Everything is checked before anything starts, against the document's own schemas.
import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import yaml from 'js-yaml';
import { operationTable } from './openapi.js';
import { MockSetupError } from './spec.js';
import { DAY, defaultMetadata, defaultValueFor, MAX_STAGES, MAX_VERSIONS, SYSCURRENT } from './state.js';

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
 * @property {string} [blob] what DownloadSecretBlob returns instead of the mock's sealed backup (which UploadSecretBlob restores)
 * @property {unknown} [rest] any other field of the document's Secret schema
 */
/**
 * @typedef {object} FaultRule Answers matching requests with a fault instead of the normal answer.
 * @property {string} [operation] only this operation, by operationId (default: every operation)
 * @property {string} [secretName] only this secret name (default: any)
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
 * @property {string[]} [tokens] when given, only these X-Auth-Token values pass (others get the 401)
 * @property {{ ak: string, sk: string }[]} [accessKeys] when given, signed requests are verified with these keys
 * @property {FaultRule[]} [faults]
 * @property {number} [seed] for fault `rate`; default 1
 * @property {boolean} [admin] serve the control endpoints under /_mock/ (HTTP only); default false
 * @property {boolean | MetadataOptions} [metadata] also be the ECS metadata service (metadata.js):
 *   `true`, or `{ credentialTtlMs, sessionTtlMs }`
 */
/**
 * @typedef {object} MetadataOptions The ECS metadata service beside the API.
 * @property {number} [credentialTtlMs] how long each set of temporary keys works; default 86,400,000 (24 h)
 * @property {number} [sessionTtlMs] how long a session token works; default what the token request asks for
 */
/**
 * @typedef {object} CheckedSecret
 * @property {string} name
 * @property {Record<string, unknown>} metadata
 * @property {(import('./state.js').StoredVersion & { stages?: string[] })[]} versions
 * @property {string} [blob]
 */
/**
 * @typedef {object} CheckedConfig
 * @property {CheckedSecret[]} [secrets]
 * @property {string[]} [tokens]
 * @property {{ ak: string, sk: string }[]} [accessKeys]
 * @property {FaultRule[]} [faults]
 * @property {number} [seed]
 * @property {boolean} [admin]
 * @property {import('./metadata.js').MetadataConfig} [metadata]
 */

const KEYS = ['secrets', 'tokens', 'accessKeys', 'faults', 'seed', 'admin', 'metadata'];
const METADATA_KEYS = ['credentialTtlMs', 'sessionTtlMs'];
/** Temporary keys live 24 h by default (FunctionGraph documents 24 h for its agency keys). */
export const DEFAULT_CREDENTIAL_TTL_MS = 86_400_000;
const FAULT_KEYS = ['operation', 'secretName', 'status', 'html', 'retryAfter', 'reset', 'delayMs', 'times', 'rate'];
const VERSION_KEYS = ['id', 'value', 'binary', 'stages', 'create_time'];
const isPlainObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validators for config values, compiled from the document's own schemas (only when a config
 * needs them: compiling costs more than checking a thousand secrets). The document itself is not
 * validated again here (validateSchema: false); the build lints it.
 * @param {any} spec
 */
export function configValidators(spec) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false, validateSchema: false });
  ajv.addSchema(spec, 'openapi.json');
  const at = (/** @type {string} */ pointer) => ajv.compile({ $ref: `openapi.json#${pointer}` });
  return {
    secret: at('/components/schemas/Secret'),
    name: at('/components/schemas/SecretName'),
    versionId: at('/components/schemas/VersionId'),
    stage: at('/components/schemas/StageName'),
    value: at('/components/schemas/Version/properties/secret_string'),
    binary: at('/components/schemas/Version/properties/secret_binary'),
  };
}

/** Ajv's first error, as `field x must …`, without the value. @param {import('ajv').ValidateFunction} v @param {string} [field] */
export const firstError = (v, field) => {
  const e = v.errors?.[0];
  if (!e) return 'invalid';
  const where = e.instancePath ? `field ${e.instancePath.slice(1).replaceAll('/', '.')}` : field ? `field ${field}` : 'the value';
  const allowed = e.params && 'allowedValues' in e.params ? ` (${e.params.allowedValues.join(', ')})` : '';
  return `${where} ${e.message}${allowed}`;
};

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
    const v = configValidators(spec);
    const seen = new Set();
    config.secrets = /** @type {unknown[]} */ (o.secrets).map((entry, i) => {
      const label = `secrets[${i}]`;
      if (!isPlainObject(entry)) fail(`${label} must be an object with at least a name`);
      const { blob, versions, ...fields } = /** @type {Record<string, unknown>} */ (entry);
      const name = fields.name;
      if (typeof name !== 'string') fail(`${label} has no name (a string)`);
      const n = /** @type {string} */ (name);
      const named = `${label} (${JSON.stringify(n.slice(0, 80))})`;
      if (!v.name(n)) fail(`${named}: the name is not a valid secret_name (${firstError(v.name, 'name')})`);
      if (seen.has(n)) fail(`${named}: the name appears twice`);
      seen.add(n);
      if (blob !== undefined && (typeof blob !== 'string' || blob.length === 0)) fail(`${named}: field blob must be a non-empty string`);
      const create = typeof fields.create_time === 'number' ? fields.create_time : 1_704_067_200_000;
      const checkedVersions = checkVersions(versions, create, n, (what) => fail(`${named}: ${what}`), v);
      const metadata = {
        ...defaultMetadata(n, create),
        update_time: Math.max(create, ...checkedVersions.map((x) => x.create_time)),
        scheduled_delete_time: fields.state === 'PENDING_DELETE' ? create + 7 * DAY : null,
        ...fields,
      };
      // The defaults fit the schema by construction: only given fields need the (costly) check.
      if (Object.keys(fields).length > 1 && !v.secret(metadata)) fail(`${named}: ${firstError(v.secret)}`);
      /** @type {CheckedSecret} */
      const checked = { name: n, metadata, versions: checkedVersions };
      if (blob !== undefined) checked.blob = /** @type {string} */ (blob);
      return checked;
    });
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
  if (o.admin !== undefined && typeof o.admin !== 'boolean') fail('admin must be true or false');
  if (o.admin !== undefined) config.admin = /** @type {boolean} */ (o.admin);
  if (o.faults !== undefined) config.faults = checkFaults(spec, o.faults, fail);
  if (o.metadata !== undefined && o.metadata !== false) config.metadata = checkMetadata(o.metadata, fail);
  return config;
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
 * A secret's versions from the config, checked against the document's schemas, with defaults.
 * @param {unknown} versions @param {number} create @param {string} name
 * @param {(what: string) => never} fail @param {ReturnType<typeof configValidators>} v
 * @returns {CheckedSecret['versions']}
 */
function checkVersions(versions, create, name, fail, v) {
  if (versions === undefined) return [{ id: 'v1', create_time: create, value: defaultValueFor(name) }];
  if (!Array.isArray(versions) || versions.length === 0) fail('versions must be a non-empty list (oldest first)');
  if (/** @type {unknown[]} */ (versions).length > MAX_VERSIONS) fail(`a secret has at most ${MAX_VERSIONS} versions`);
  const ids = new Set();
  /** @type {Map<string, string>} */
  const stageOwner = new Map();
  let previousTime = 0;
  const checked = /** @type {unknown[]} */ (versions).map((entry, i) => {
    const label = `versions[${i}]`;
    if (!isPlainObject(entry)) fail(`${label} must be an object with value or binary`);
    const e = /** @type {Record<string, unknown>} */ (entry);
    for (const key of Object.keys(e))
      if (!VERSION_KEYS.includes(key)) fail(`${label}: unknown key "${key.slice(0, 64)}" (expected ${VERSION_KEYS.join(', ')})`);
    const id = e.id ?? `v${i + 1}`;
    if (typeof id !== 'string' || !v.versionId(id) || id === 'latest')
      fail(`${label}: field id must be a version ID such as v1 (not "latest")`);
    const vid = /** @type {string} */ (id);
    if (ids.has(vid)) fail(`${label}: the id ${vid} appears twice`);
    ids.add(vid);
    if ((e.value === undefined) === (e.binary === undefined)) fail(`${label}: give exactly one of value (text) and binary (Base64)`);
    // The value is never repeated in a message.
    if (e.value !== undefined && (typeof e.value !== 'string' || !v.value(e.value)))
      fail(`${label}: field value must be a string of at most 32768 characters`);
    if (e.binary !== undefined && (typeof e.binary !== 'string' || !v.binary(e.binary)))
      fail(`${label}: field binary must be standard Base64 with padding, at most 32768 characters`);
    const time = e.create_time ?? create + i * DAY;
    if (!Number.isInteger(time) || /** @type {number} */ (time) < 1e11)
      fail(`${label}: field create_time must be milliseconds since the epoch`);
    // Oldest first, as `latest` (the version created last) relies on.
    if (i > 0 && /** @type {number} */ (time) <= previousTime)
      fail(`${label}: field create_time must be later than the version before (versions are oldest first)`);
    previousTime = /** @type {number} */ (time);
    /** @type {CheckedSecret['versions'][number]} */
    const version = { id: vid, create_time: /** @type {number} */ (time) };
    if (e.value !== undefined) version.value = /** @type {string} */ (e.value);
    else version.binary = /** @type {string} */ (e.binary);
    if (e.stages !== undefined) {
      if (!Array.isArray(e.stages)) fail(`${label}: field stages must be a list of stage names`);
      for (const stage of /** @type {unknown[]} */ (e.stages)) {
        if (typeof stage !== 'string' || !v.stage(stage))
          fail(`${label}: ${JSON.stringify(String(stage).slice(0, 64))} is not a valid stage name`);
        const s = /** @type {string} */ (stage);
        // A stage points at exactly one version.
        if (stageOwner.has(s)) fail(`${label}: stage ${s} is on ${stageOwner.get(s)} already`);
        stageOwner.set(s, vid);
      }
      version.stages = /** @type {string[]} */ (e.stages);
    }
    return version;
  });
  if (stageOwner.size > MAX_STAGES) fail(`a secret carries at most ${MAX_STAGES} stages`);
  if (stageOwner.size > 0 && !stageOwner.has(SYSCURRENT))
    fail(`no version carries ${SYSCURRENT} (when stages are given, one version must be current)`);
  return checked;
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
  checkExpansion(data, file, Math.max(100_000, 100 * Buffer.byteLength(text)));
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
