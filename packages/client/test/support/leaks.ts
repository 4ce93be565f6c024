// Everything a test run could show a person: each error in all its printed forms, and anything
// written to the console. Tests record into it; afterAll checks that no secret appears anywhere.
import { inspect } from 'node:util';
import { vi } from 'vitest';
import type { CsmsError } from '../../src/errors.js';

export function leakCapture() {
  const seen: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      seen.push(args.map((a) => inspect(a, { depth: 5 })).join(' '));
    });
  }
  return {
    /** Records an error (or anything) in every form a user could print it. */
    record(value: unknown) {
      if (value instanceof Error) seen.push(value.message, String(value), value.stack ?? '');
      seen.push(JSON.stringify(value) ?? '', inspect(value, { depth: 5, showHidden: true }));
      return value;
    },
    /** What a promise rejects with (undefined when it resolves), recorded: the one way tests catch the client's errors. */
    async caught(p: Promise<unknown>): Promise<CsmsError> {
      const error = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      this.record(error);
      return error as CsmsError;
    },
    /** The secrets found, with where (empty when clean). */
    findSecrets(secrets: string[]) {
      return seen.flatMap((text, i) => secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 4)}… in capture ${i}`));
    },
    get count() {
      return seen.length;
    },
  };
}
