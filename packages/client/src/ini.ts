// The INI dialect of the Huawei Cloud credentials file (~/.huaweicloud/credentials), as the
// official Python SDK reads it with configparser: `[section]` headers, `key = value` or
// `key: value`, whole-line comments starting with `#` or `;`, keys case-insensitive, values taken
// as they are (no inline comments), and a repeated section or key refused. What configparser
// would join as a continuation line (an indented line) is refused too: a credentials file has no
// use for one, and guessing would hand the signer a wrong key.

/** A problem with the file, by line number; never quotes the line (it may hold a key). */
export class IniError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'IniError';
  }
}

/** Sections by name, each its keys (lower case) and values. Maps, so `__proto__` is just a name. */
export type Ini = Map<string, Map<string, string>>;

export function parseIni(text: string): Ini {
  const sections: Ini = new Map();
  let section: Map<string, string> | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (const [i, raw] of lines.entries()) {
    const n = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (/^\s/.test(raw)) throw new IniError(`line ${n} is indented (a continuation line, which is not supported)`, n);
    if (line.startsWith('[')) {
      const m = /^\[([^\]]+)\]$/.exec(line);
      const name = m?.[1]?.trim();
      if (!name) throw new IniError(`line ${n} is not a [section] header`, n);
      if (sections.has(name)) throw new IniError(`line ${n} repeats a section header that appears before`, n);
      section = new Map();
      sections.set(name, section);
      continue;
    }
    const at = line.search(/[=:]/);
    if (at <= 0) throw new IniError(`line ${n} is neither a [section], a key = value nor a comment`, n);
    if (!section) throw new IniError(`line ${n} has a key before any [section]`, n);
    const key = line.slice(0, at).trim().toLowerCase();
    if (section.has(key)) throw new IniError(`line ${n} repeats a key of its section`, n);
    section.set(key, line.slice(at + 1).trim());
  }
  return sections;
}
