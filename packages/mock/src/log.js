// @ts-check
// Prism's own log (pino, through prism-core's createLogger) with credentials taken out at every
// level. Prism writes request headers into the message text ("< \tx-auth-token: …"), where pino's
// `redact` (paths of keys) cannot reach, so every line is redacted on its way to the destination:
// keys that name a credential at any depth, and credentials inside any string. The mock's own
// lines take the same shape and the same way out; pino itself comes with Prism (an optional peer,
// loaded on first use), so a mock without Prism logs without it.

/** What a credential's value becomes. */
export const REDACTED = '[REDACTED]';

/**
 * Names of headers, fields and parameters whose value is a credential (not anchored:
 * x-auth-token, secret_key…). The fields that hold a secret's value come from the document
 * (`x-sensitive`), through `createRedactor`.
 */
const CREDENTIALS =
  /token|passw(?:or)?d|passphrase|authori[sz]ation|cookie|signature|credential|api[-_]?key|access[-_]?key|secret[-_]?(?:access[-_]?)?key|private[-_]?key/i
    .source;

const escapeRegExp = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Redaction of credentials and of the fields the document marks sensitive.
 * @param {readonly string[]} [sensitive] field names whose values are secret (the last segment of
 *   each `x-sensitive` path of the operation table: secret_string, secret_blob…)
 */
export function createRedactor(sensitive = []) {
  const NAME = [CREDENTIALS, ...sensitive.map(escapeRegExp)].join('|');
  /** A key of a logged object that is a credential. */
  const credentialKey = new RegExp(`^(?:ak|sk)$|${NAME}`, 'i');
  /** Redactions inside text, in order: [pattern, replacement]. */
  const rules = /** @type {[RegExp, string][]} */ ([
    // JSON inside a message ("> Body: {…}"): "x-auth-token": "…", "sk": "…", "password": 123, "tokens": ["…"]
    [
      new RegExp(
        `("(?:ak|sk|[\\w-]*(?:${NAME})[\\w-]*)"\\s*:\\s*)(?:"(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\]|[^\\s,}\\]{\\[][^\\s,}\\]]*)`,
        'gi',
      ),
      `$1"${REDACTED}"`,
    ],
    // A header line ("< \tauthorization: SDK-HMAC-SHA256 Access=…"): the rest of the line.
    [new RegExp(`(^|[^\\w"-])([\\w-]*(?:${NAME})[\\w-]*)([ \\t]*:[ \\t]*)(?!\\[REDACTED\\])[^\\r\\n]+`, 'gim'), `$1$2$3${REDACTED}`],
    // A query or form parameter (?token=…&) and the parts of an SDK or AWS signature header.
    [new RegExp(`(^|[?&;\\s,])([\\w-]*(?:${NAME}|Access)[\\w-]*=)[^&;\\s,"]+`, 'gi'), `$1$2${REDACTED}`],
    // A scheme and its credentials without a header name: Bearer …, Basic …
    [/\b(Bearer|Basic|Digest)\s+[\w.~+/=-]{8,}/g, `$1 ${REDACTED}`],
  ]);

  /** @param {string} text @returns {string} */
  function redactText(text) {
    let out = text;
    for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
    return out;
  }

  /**
   * One line as pino wrote it (JSON; a child logger repeats `name`, so it is not parsed into an
   * object, which would drop one), redacted and otherwise unchanged: the value of every key that
   * names a credential, at any depth and whatever its type, and credentials inside every string.
   * @param {string} line @returns {string}
   */
  function redactLine(line) {
    if (!line.startsWith('{')) return redactText(line);
    let out = '';
    let copied = 0;
    for (let i = line.indexOf('"'); i >= 0 && i < line.length; i = line.indexOf('"', i)) {
      const end = stringEnd(line, i);
      if (end < 0) return out + line.slice(copied, i) + redactText(line.slice(i));
      const literal = line.slice(i, end);
      const text = decode(literal);
      const colon = /^\s*:\s*/.exec(line.slice(end, end + 16))?.[0];
      out += line.slice(copied, i);
      if (text !== undefined && colon !== undefined && credentialKey.test(text)) {
        out += `${literal}${colon}"${REDACTED}"`;
        copied = i = valueEnd(line, end + colon.length);
        continue;
      }
      const redacted = text === undefined ? redactText(literal) : redactText(text);
      out += redacted === text ? literal : text === undefined ? redacted : JSON.stringify(redacted);
      copied = i = end;
    }
    return out + line.slice(copied);
  }

  return { redactText, redactLine };
}

/** The index just past the JSON string that starts at `start` (a quote), or -1 when the line ends first. @param {string} line @param {number} start */
function stringEnd(line, start) {
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i + 1;
  }
  return -1;
}

/** The index just past the JSON value that starts at `start`. @param {string} line @param {number} start */
function valueEnd(line, start) {
  if (line[start] === '"') return stringEnd(line, start) < 0 ? line.length : stringEnd(line, start);
  if (line[start] !== '{' && line[start] !== '[') return start + (/^[^\s,}\]]*/.exec(line.slice(start))?.[0].length ?? 0);
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const end = stringEnd(line, i);
      if (end < 0) return line.length;
      i = end - 1;
    } else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return line.length;
}

/** @param {string} literal a JSON string, quotes included @returns {string | undefined} */
const decode = (literal) => {
  try {
    return JSON.parse(literal);
  } catch {
    return undefined;
  }
};

/** pino's numbers for the levels (what Prism's lines carry), and the mock's level names. */
const LEVELS = /** @type {const} */ ({ debug: 20, info: 30, warn: 40, error: 50, silent: Number.POSITIVE_INFINITY });

/**
 * @typedef {object} MockLogger
 * @property {'silent' | 'error' | 'warn' | 'info' | 'debug'} level
 * @property {(message: string) => void} error writes one redacted line at level error (pino's shape)
 * @property {(line: string) => void} write writes a line (as pino wrote it), redacted
 */

/**
 * The mock's log: its own lines and, once Prism is loaded, Prism's (prism-answers.js hands Prism a
 * pino logger writing through `write`), named CSMS MOCK, at `level`, redacted, to `destination`
 * (default stderr).
 * @param {'silent' | 'error' | 'warn' | 'info' | 'debug'} level
 * @param {{ destination?: { write(line: string): unknown }, sensitive?: readonly string[] }} [options]
 *   sensitive: the names of the fields the document marks `x-sensitive` (sensitiveNames)
 * @returns {MockLogger}
 */
export function createMockLogger(level, { destination = process.stderr, sensitive = [] } = {}) {
  const { redactLine } = createRedactor(sensitive);
  const write = (/** @type {string} */ line) => void destination.write(redactLine(line));
  return {
    level,
    write,
    error(message) {
      if (LEVELS[level] <= LEVELS.error) write(`${JSON.stringify({ level: LEVELS.error, name: 'CSMS MOCK', msg: message })}\n`);
    },
  };
}

/**
 * The names of the fields an operation table marks sensitive, request and response alike
 * (`version.secret_string` → `secret_string`).
 * @param {Record<string, import('./openapi.js').TableOperation>} operations
 */
export const sensitiveNames = (operations) => [
  ...new Set(
    Object.values(operations).flatMap((op) =>
      [...op.sensitive.request, ...op.sensitive.response].map((p) => /** @type {string} */ (p.split('.').pop()).replace(/\[\]$/, '')),
    ),
  ),
];
