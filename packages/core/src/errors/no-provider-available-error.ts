import type { RouteAttempt } from '../provider/route-trace.js';
import { hasMarker, SwitchyardError } from './switchyard-error.js';

const noProviderMarker: unique symbol = Symbol.for('switchyard.error.no-provider');

/**
 * Every candidate failed or was skipped. `errors` holds each failed attempt's error in order,
 * `attempts` every try and skip, and `lastError` the final failure (also the `cause`).
 * `retryAfterMs` is the wait the last rate limit among them asked for (in milliseconds), so a
 * caller can back off without digging through `errors`; `undefined` when no rate limit said.
 */
export class NoProviderAvailableError extends SwitchyardError {
  readonly [noProviderMarker] = true;
  readonly attempts: readonly RouteAttempt[];
  readonly errors: readonly SwitchyardError[];
  readonly lastError: SwitchyardError | undefined;

  constructor(attempts: readonly RouteAttempt[], errors: readonly SwitchyardError[]) {
    const lastError = errors.length > 0 ? errors[errors.length - 1] : undefined;
    super(describe(attempts), 'no-provider', false, {
      cause: lastError,
      provider: lastError?.provider,
      model: lastError?.model,
      status: lastError?.status,
      retryAfterMs: lastRateLimitWait(errors),
    });
    this.attempts = attempts;
    this.errors = errors;
    this.lastError = lastError;
  }

  static override isInstance(error: unknown): error is NoProviderAvailableError {
    return hasMarker(error, noProviderMarker);
  }
}

function describe(attempts: readonly RouteAttempt[]): string {
  if (attempts.length === 0) return 'No provider available: no candidate could take the request.';
  const parts = attempts.map((a) => {
    const ref = `${a.provider}:${a.model}`;
    if (a.outcome === 'skipped') return `${ref} skipped (${a.skipReason ?? 'unavailable'})`;
    return `${ref} failed (${a.errorKind ?? 'unknown'}${a.errorMessage ? `: ${a.errorMessage}` : ''})`;
  });
  return `No provider available: ${parts.join('; ')}.`;
}

function lastRateLimitWait(errors: readonly SwitchyardError[]): number | undefined {
  for (let i = errors.length - 1; i >= 0; i--) {
    const error = errors[i] as SwitchyardError;
    if (error.kind === 'rate-limit' && error.retryAfterMs !== undefined) return error.retryAfterMs;
  }
  return undefined;
}
