// @ts-check
// The mock's data and behaviour, the same keys everywhere: startMock({ … }), createHandlers({ … }),
// and a YAML or JSON file for `npm start` (MOCK_CONFIG=path) and `csms-mock --config path`.
// Everything is checked before anything starts, against the document's own schemas.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import yaml from 'js-yaml';
import { dereferencer, MockSetupError } from './spec.js';

/**
 * @typedef {object} MockSecret A secret the mock knows: the document's `Secret` fields (only
 *   `name` is required; the others get defaults) and the backup `DownloadSecretBlob` returns.
 * @property {string} name
 * @property {string} [id] default: a UUID derived from the name
 * @property {'ENABLED' | 'DISABLED' | 'PENDING_DELETE' | 'FROZEN'} [state] default ENABLED
 * @property {string} [kms_key_id] default: 32 hex digits derived from the name
 * @property {string} [description]
 * @property {number} [create_time] ms since the epoch; default 1704067200000 (2024-01-01)
 * @property {number} [update_time] default: create_time
 * @property {number | null} [scheduled_delete_time] default: null, or create_time + 7 days when PENDING_DELETE
 * @property {string} [blob] default: an opaque string, different per secret and the same every run
 * @property {unknown} [rest] any other field of the document's Secret schema
 */
/**
 * @typedef {object} FaultRule Answers matching requests with a fault instead of the normal answer.
 * @property {'ShowSecret' | 'DownloadSecretBlob'} [operation] only this operation (default: both)
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
 * @property {MockSecret[]} [secrets] when given, only these names exist (others get the document's 404)
 * @property {string[]} [tokens] when given, only these X-Auth-Token values pass (others get the 401)
 * @property {{ ak: string, sk: string }[]} [accessKeys] when given, signed requests are verified with these keys
 * @property {FaultRule[]} [faults]
 * @property {number} [seed] for fault `rate`; default 1
 */

const KEYS = ['secrets', 'tokens', 'accessKeys', 'faults', 'seed'];
const FAULT_KEYS = ['operation', 'secretName', 'status', 'html', 'retryAfter', 'reset', 'delayMs', 'times', 'rate'];
const DAY = 86_400_000;

const digest = (/** @type {string} */ text) => createHash('sha256').update(text).digest();
const uuidFrom = (/** @type {string} */ name) => {
  const h = digest(`id:${name}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
/** Opaque like a real backup (base64url), different per secret, the same every run. */
const blobFrom = (/** @type {string} */ name) =>
  `csms-mock-backup.${Buffer.concat([0, 1, 2, 3].map((i) => digest(`blob:${i}:${name}`))).toString('base64url')}`;

/**
 * Checks options against the document and fills in defaults; throws one MockSetupError naming
 * the source, the entry and the field at the first problem.
 * @param {any} spec the bundled document
 * @param {unknown} options
 * @param {string} [source] where the options came from, for messages (a file name)
 * @returns {MockConfig}
 */
export function checkConfig(spec, options, source = 'mock options') {
  const fail = (/** @type {string} */ what) => {
    throw new MockSetupError(`${source}: ${what}`);
  };
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) fail('expected an object with secrets, tokens, accessKeys, faults or seed');
  const o = /** @type {Record<string, unknown>} */ (options);
  for (const key of Object.keys(o))
    if (!KEYS.includes(key) && o[key] !== undefined) fail(`unknown key "${key}" (expected ${KEYS.join(', ')})`);

  const deref = dereferencer(spec);
  // Only when there are secrets to check: compiling costs more than checking a thousand of them.
  // The document itself is not validated again here (validateSchema: false); the build lints it.
  const validators = () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false, validateSchema: false });
    ajv.addSchema(spec, 'openapi.json');
    const nameParameter = Object.values(spec.components?.parameters ?? {})
      .map(deref)
      .find((p) => p.name === 'secret_name');
    return {
      secretSchema: ajv.compile({ $ref: 'openapi.json#/components/schemas/Secret' }),
      validName: nameParameter ? ajv.compile(nameParameter.schema) : Object.assign(() => true, { errors: null }),
    };
  };
  /** @type {(v: import('ajv').ValidateFunction) => string} */
  const firstError = (v) => {
    const e = v.errors?.[0];
    return e
      ? `${e.instancePath ? `field ${e.instancePath.slice(1).replaceAll('/', '.')}` : 'the secret'} ${e.message}${e.params && 'allowedValues' in e.params ? ` (${e.params.allowedValues.join(', ')})` : ''}`
      : 'invalid';
  };

  /** @type {MockConfig} */
  const config = {};
  if (o.secrets !== undefined) {
    if (!Array.isArray(o.secrets)) fail('secrets must be a list');
    const { secretSchema, validName } = validators();
    const seen = new Set();
    config.secrets = /** @type {unknown[]} */ (o.secrets).map((entry, i) => {
      const label = `secrets[${i}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${label} must be an object with at least a name`);
      const { blob, ...fields } = /** @type {Record<string, unknown>} */ (entry);
      const name = fields.name;
      if (typeof name !== 'string') fail(`${label} has no name (a string)`);
      const named = `${label} (${JSON.stringify(name)})`;
      if (!validName(name)) fail(`${named}: the name is not a valid secret_name (${firstError(/** @type {any} */ (validName))})`);
      if (seen.has(name)) fail(`${named}: the name appears twice`);
      seen.add(name);
      if (blob !== undefined && (typeof blob !== 'string' || blob.length === 0)) fail(`${named}: field blob must be a non-empty string`);
      const n = /** @type {string} */ (name);
      const create = typeof fields.create_time === 'number' ? fields.create_time : 1_704_067_200_000;
      const secret = {
        id: uuidFrom(n),
        state: 'ENABLED',
        kms_key_id: digest(`key:${n}`).toString('hex').slice(0, 32),
        create_time: create,
        update_time: create,
        scheduled_delete_time: fields.state === 'PENDING_DELETE' ? create + 7 * DAY : null,
        ...fields,
      };
      if (!secretSchema(secret)) fail(`${named}: ${firstError(secretSchema)}`);
      // The default blob is derived when first asked for: four hashes per secret add up.
      const checked = /** @type {MockSecret} */ ({ ...secret, name: n });
      if (blob !== undefined) checked.blob = /** @type {string} */ (blob);
      else
        Object.defineProperty(checked, 'blob', {
          enumerable: true,
          configurable: true,
          get: () => Object.defineProperty(checked, 'blob', { value: blobFrom(n), enumerable: true }).blob,
        });
      return checked;
    });
  }
  for (const key of /** @type {const} */ (['tokens'])) {
    if (o[key] === undefined) continue;
    if (!Array.isArray(o[key]) || o[key].length === 0 || !o[key].every((t) => typeof t === 'string' && t.length > 0))
      fail(`${key} must be a non-empty list of non-empty strings`);
    config[key] = /** @type {string[]} */ (o[key]);
  }
  if (o.accessKeys !== undefined) {
    const keys = o.accessKeys;
    if (!Array.isArray(keys) || keys.length === 0) fail('accessKeys must be a non-empty list of { ak, sk }');
    config.accessKeys = /** @type {unknown[]} */ (keys).map((k, i) => {
      const key = /** @type {Record<string, unknown>} */ (k);
      if (typeof key?.ak !== 'string' || !key.ak || typeof key.sk !== 'string' || !key.sk)
        fail(`accessKeys[${i}] must have ak and sk, both non-empty strings`);
      return { ak: /** @type {string} */ (key.ak), sk: /** @type {string} */ (key.sk) };
    });
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) fail('seed must be an integer');
  if (o.seed !== undefined) config.seed = /** @type {number} */ (o.seed);
  if (o.faults !== undefined) {
    if (!Array.isArray(o.faults)) fail('faults must be a list');
    const operations = Object.fromEntries(
      Object.values(spec.paths).flatMap((item) =>
        Object.entries(/** @type {Record<string, any>} */ (item))
          .filter(([m]) => m !== 'parameters')
          .map(([, op]) => [op.operationId, op]),
      ),
    );
    config.faults = /** @type {unknown[]} */ (o.faults).map((f, i) => {
      const label = `faults[${i}]`;
      if (typeof f !== 'object' || f === null) fail(`${label} must be an object`);
      const rule = /** @type {FaultRule & Record<string, unknown>} */ (f);
      for (const key of Object.keys(rule))
        if (!FAULT_KEYS.includes(key)) fail(`${label}: unknown key "${key}" (expected ${FAULT_KEYS.join(', ')})`);
      if (rule.operation !== undefined && !operations[rule.operation])
        fail(`${label}: operation must be one of ${Object.keys(operations).join(', ')}`);
      if (rule.status === undefined && !rule.reset && rule.delayMs === undefined) fail(`${label}: give a status, reset: true or delayMs`);
      if (rule.status !== undefined && rule.reset) fail(`${label}: status and reset cannot go together`);
      if (rule.status !== undefined) {
        const targets = rule.operation ? [operations[rule.operation]] : Object.values(operations);
        if (
          !Number.isInteger(rule.status) ||
          rule.status < 400 ||
          !targets.every((op) => Object.hasOwn(op.responses, String(rule.status)))
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
        const v = rule[key];
        if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max)) fail(`${label}: ${key} must be a whole number from 0 to ${max}`);
      }
      if (rule.rate !== undefined && !(typeof rule.rate === 'number' && rule.rate >= 0 && rule.rate <= 1))
        fail(`${label}: rate must be a number from 0 to 1`);
      return rule;
    });
  }
  return config;
}

/**
 * Reads a config file (YAML, or JSON, which YAML includes) and checks it.
 * @param {any} spec @param {string} file
 */
export function loadConfigFile(spec, file) {
  return checkConfig(spec, readConfigFile(file), file);
}

/**
 * Reads a config file (YAML, or JSON, which YAML includes), unchecked.
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
    throw new MockSetupError(`${file}: not valid YAML or JSON (${/** @type {Error} */ (e).message.split('\n')[0]})`);
  }
  return data;
}
