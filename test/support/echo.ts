// What an answer from the document's examples is expected to hold: the example, except what the
// mock repeats of the request (packages/mock/src/example-echo.js; its own tests say exactly
// where). The comparison allows that and nothing else: a string of the answer that differs from
// the example's must be one of the values the request named, and a differing `current_count`
// must be the number of items the page holds.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The example as the answer may repeat the request in it.
 * @param named the values of the path parameters the request named
 * @param items the number of items of the answer's page (an operation with `x-pagination`)
 */
export function asEchoed(example: unknown, answer: unknown, named: readonly string[], items?: number, key?: string): unknown {
  if (Array.isArray(example) && Array.isArray(answer) && example.length === answer.length)
    return example.map((v, i) => asEchoed(v, answer[i], named, items));
  if (isObject(example) && isObject(answer))
    return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, asEchoed(v, answer[k], named, items, k)]));
  if (typeof example === 'string' && typeof answer === 'string' && named.includes(answer)) return answer;
  if (key === 'current_count' && typeof answer === 'number' && answer === items) return answer;
  return example;
}

/** The operation fields echoedFor reads (the operation table's). */
interface EchoOperation {
  pathParams: readonly string[];
  params: Record<string, { option?: string; example?: unknown } | undefined>;
  paging: { items: string } | null;
}

/**
 * The example as the mock answers a call made with the path parameters' document examples: those
 * names repeated in it, a page's count its items.
 */
export function echoedFor(op: EchoOperation, example: unknown, answer: unknown): unknown {
  const named = op.pathParams.filter((p) => op.params[p]?.option === undefined).map((p) => String(op.params[p]?.example));
  const items = op.paging ? ((answer as Record<string, unknown[] | undefined>)?.[op.paging.items]?.length ?? 0) : undefined;
  return asEchoed(example, answer, named, items);
}
