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

  /**
   * How Node prints the error (uncaught, `console.log`, `util.inspect`): a headline, one line per
   * attempt and the first stack frames. The default would print every inner error, each with its
   * cause and route trace: about 150 lines for three failed attempts.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const frames = (this.stack ?? '')
      .split('\n')
      .filter((line) => line.startsWith('    at '))
      .slice(0, STACK_FRAMES);
    return [headline(this), ...this.attempts.map(attemptLine), ...frames].join('\n');
  }
}

const STACK_FRAMES = 4;

function headline(error: NoProviderAvailableError): string {
  if (error.attempts.length === 0) {
    return `${error.name}: no provider could answer (no candidate could take the request)`;
  }
  const candidates =
    error.route?.candidates.length ??
    new Set(error.attempts.map((a) => `${a.provider}:${a.model}`)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${error.name}: no provider could answer (${plural(error.attempts.length, 'attempt')}, ${plural(candidates, 'candidate')})`;
}

function attemptLine(a: RouteAttempt, index: number): string {
  const ref = `${a.provider}:${a.model}${a.retry > 0 ? ` retry ${a.retry}` : ''}`;
  if (a.outcome === 'skipped')
    return `  ${index + 1}. ${ref} skipped: ${a.skipReason ?? 'unavailable'}`;
  if (a.outcome === 'success') return `  ${index + 1}. ${ref} answered, ${a.latencyMs} ms`;
  const detail = a.errorMessage ? ` (${a.errorMessage})` : '';
  return `  ${index + 1}. ${ref} failed: ${a.errorKind ?? 'unknown'}${detail}, ${a.latencyMs} ms`;
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
