// A fetch that records what the client hands it before passing it on, so a test can count the
// requests a call made (0 when an argument was refused) and read their headers.
export function countedFetch(inner: (input: string, init: RequestInit) => Promise<Response> = (input, init) => fetch(input, init)) {
  const sent: Request[] = [];
  return {
    sent,
    fetch: (input: string, init: RequestInit) => {
      sent.push(new Request(input, init));
      return inner(input, init);
    },
  };
}

/** The rejection of `p`, or undefined when it resolves. */
export const rejectionOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

/** A promise and its resolve function, to let a test wait for something a server or a fetch saw. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
