/** Backoff settings (see `RetryOptions`). */
export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/**
 * The wait before retry number `retry` (0-based) of the same candidate: exponential backoff with
 * full jitter (a uniform draw below `initialDelayMs * 2^retry`, capped at `maxDelayMs`), but never
 * shorter than the vendor's `retry-after`. Returns `undefined` when the vendor asks for more than
 * `maxRetryAfterMs`: that time is better spent on the next candidate.
 */
export function backoffDelay(
  retry: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs) return undefined;
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.ceil(retryAfterMs));
}
