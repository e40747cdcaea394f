/** What settleOrAbort gives when the signal fired first. */
export const ABORTED: unique symbol = Symbol('aborted');

/**
 * Resolves with the work's value, or with ABORTED as soon as the signal fires: for work that has
 * timeouts of its own (DNS, a fetch) when the site deadline must win at once.
 */
export function settleOrAbort<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<T | typeof ABORTED> {
  // The work may still reject after we stop listening; that rejection has no one left to tell.
  work.catch(() => undefined);
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
