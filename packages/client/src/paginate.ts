// `csms.paginate.*`: every item of a paged operation, following `next_marker` page after page.
import { CsmsError } from './errors.js';
import { invalid, isObject, type TableOperation } from './engine.js';
import { type CheckSchema, mismatch } from './validate.js';

/**
 * Most pages `paginate` reads before it gives up with an `invalid-response` error: a server that
 * never stops handing out new markers would otherwise keep a loop going for ever. CSMS holds at
 * most 500 secrets per project and 20 versions per secret, so real lists need a few pages.
 */
export const MAX_PAGES = 1_000;

type Paging = { items: string; marker: string; nextMarker: string };

/** Why a page's `next` marker must not be followed, or undefined when it may be. */
function badMarker(op: TableOperation, paging: Paging, next: string, seen: Set<unknown>, pages: number): string | undefined {
  if (seen.has(next)) return 'repeated a page marker';
  if (pages >= MAX_PAGES) return `did not end within ${MAX_PAGES} pages`;
  const rule = (op.params as Record<string, { schema: CheckSchema } | undefined>)[paging.marker]?.schema;
  return rule && mismatch(rule, next) ? 'handed out a next_marker its marker parameter refuses' : undefined;
}

/**
 * Every item of a paged operation, following `next_marker` until a page has none (or is empty).
 * An iterator of its own rather than an async generator: items of a page already read are handed
 * out without the generator's queueing, which doubles the cost of a long list.
 * @param call one call of the operation with these arguments
 * @param k how many path arguments the operation takes before its `{ ...query }` object
 */
export function paginate(
  id: string,
  op: TableOperation,
  k: number,
  args: readonly unknown[],
  call: (args: readonly unknown[]) => Promise<unknown>,
): AsyncIterableIterator<unknown> {
  const paging = op.paging as Paging;
  const input = args[k];
  let items: unknown[] = [];
  let at = 0;
  let finished = false;
  // A page's items are handed out before the error that ends the list (a repeated marker…).
  let failure: CsmsError | undefined;
  let loading: Promise<void> | undefined;
  let marker = isObject(input) ? input[paging.marker] : undefined;
  const seen = new Set<unknown>([marker]);
  let pages = 0;
  async function nextPage() {
    if (input !== undefined && !isObject(input)) throw invalid(`Invalid argument ${k + 1}: expected an object with the query parameters.`);
    const page = (await call([...args.slice(0, k), { ...input, [paging.marker]: marker }, args[k + 1]])) as Record<string, unknown>;
    pages++;
    const list = page[paging.items];
    items = Array.isArray(list) ? list : [];
    at = 0;
    const next = paging.nextMarker.split('.').reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), page);
    if (items.length === 0 || typeof next !== 'string' || next === '') {
      finished = true;
      return;
    }
    const problem = badMarker(op, paging, next, seen, pages);
    if (problem) {
      failure = new CsmsError(`The service ${problem}; stopped paging ${id} to avoid an endless loop`, {
        kind: 'invalid-response',
        operation: id,
      });
      finished = true;
      return;
    }
    seen.add(next);
    marker = next;
  }
  const iterator: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]: () => iterator,
    next(): Promise<IteratorResult<unknown>> {
      if (at < items.length) return Promise.resolve({ value: items[at++], done: false });
      if (failure) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (finished) return Promise.resolve({ value: undefined, done: true });
      loading ??= nextPage().finally(() => {
        loading = undefined;
      });
      return loading.then(
        () => iterator.next(),
        (error) => {
          finished = true;
          items = [];
          throw error;
        },
      );
    },
    return(): Promise<IteratorResult<unknown>> {
      finished = true;
      failure = undefined;
      items = [];
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return iterator;
}
