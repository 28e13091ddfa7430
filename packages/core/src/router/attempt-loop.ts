import { AbortError } from '../errors/abort-error.js';
import { isMissingApiKey } from '../errors/fallback-on.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import { TimeoutError } from '../errors/provider-errors.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { RoutePlan } from '../policy/planner.js';
import type { ProviderRequest } from '../provider/provider.js';
import { AttemptOptions } from './attempt-options.js';
import { emitFallback, recordFailure, recordSkip } from './attempt-record.js';
import { endAttemptSpan, startAttemptSpan } from './attempt-telemetry.js';
import { backoffDelay } from './backoff.js';
import { toProviderRequest } from './build-response.js';
import { sleepGuarded } from './guard.js';
import { normalizeError } from './normalize-error.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';

/** What one try of a candidate is: a chat call, or opening a stream up to its first part. */
export interface AttemptKind<R> {
  /**
   * Starts a try of `state.candidate` with `state.options`, through its breaker; `undefined`
   * when the breaker refuses (nothing was sent).
   */
  start(ctx: RouterContext, state: RequestState, request: ProviderRequest): Promise<R> | undefined;
  /** Checks what the try produced; throws to count it as a failed try. */
  accept(ctx: RouterContext, state: RequestState, result: R): void;
  /** Lets go of what a failed try holds (a stream's iterator, its breaker admission). */
  release(state: RequestState, error: SwitchyardError): void;
}

/**
 * The one retry and fallback loop, for chat and stream alike: each candidate in turn, through its
 * breaker (an open one is skipped without a call), each try under the attempt timeout and the
 * total deadline; a failure is retried after backoff while the error allows it, then the next
 * candidate is tried. Resolves with the first try that succeeds, its candidate, retry, start time,
 * options and span left in `state`; rejects with `NoProviderAvailableError` when none is left, or
 * at once for an abort, the total deadline, or an error `fallbackOn` turns down.
 *
 * A stream uses this loop until its first part; after that a failure can no longer fall back
 * (the stream pipeline ends the stream with the error instead).
 */
export async function attemptLoop<R>(
  ctx: RouterContext,
  state: RequestState,
  kind: AttemptKind<R>,
): Promise<R> {
  const { clock } = ctx.config;
  const list = (state.plan as RoutePlan).candidates;
  for (let i = 0; i < list.length; i++) {
    const candidate = list[i] as Candidate;
    const providerRequest = toProviderRequest(state.request, candidate, state);
    for (let retry = 0; ; retry++) {
      assertBeforeDeadline(ctx, state, candidate);
      const startedAt = clock.now();
      if (candidate.breaker !== undefined) ctx.rotate(startedAt);
      state.candidate = candidate;
      state.retry = retry;
      state.attemptStartedAt = startedAt;
      state.timeToFirstTokenMs = undefined;
      state.options = new AttemptOptions();
      startAttemptSpan(ctx.telemetry, state, candidate, retry);
      const pending = kind.start(ctx, state, providerRequest);
      if (pending === undefined) {
        endAttemptSpan(ctx.telemetry, state, undefined);
        recordSkip(ctx, state, candidate, 'breaker-open', retry);
        break;
      }
      try {
        const result = await pending;
        kind.accept(ctx, state, result);
        return result;
      } catch (thrown) {
        const error = normalizeError(thrown, candidate);
        kind.release(state, error);
        endAttemptSpan(ctx.telemetry, state, error);
        recordFailure(ctx, state, error);
        if (!(await retryAfterBackoff(ctx, state, error, retry))) break;
      }
    }
    emitFallback(ctx, state, candidate, list[i + 1]);
  }
  // A request whose only attempt found no API key rejects with that AuthError, as before a missing
  // key moved on to the next candidate (decision 101): hosts test for it to ask for a key.
  const only = state.attempts.length === 1 ? state.errors[0] : undefined;
  if (only !== undefined && state.errors.length === 1 && isMissingApiKey(only)) throw only;
  throw new NoProviderAvailableError(state.attempts, state.errors);
}

/**
 * Decides what follows a failed try: resolves `true` after the backoff sleep (retry the same
 * candidate), `false` to move to the next candidate, or rejects to end the request.
 */
async function retryAfterBackoff(
  ctx: RouterContext,
  state: RequestState,
  error: SwitchyardError,
  retry: number,
): Promise<boolean> {
  const { clock, retry: options } = ctx.config;
  if (state.cancelled !== undefined) throw state.cancelled;
  if (AbortError.isInstance(error)) throw error;
  if (TimeoutError.isInstance(error) && error.scope === 'total') throw error;
  if (!ctx.config.fallbackOn(error)) throw error;
  const candidate = state.candidate as Candidate;
  if (isMissingApiKey(error) && !ctx.warnedOnce.has(`key:${candidate.providerId}`)) {
    ctx.warnedOnce.add(`key:${candidate.providerId}`);
    ctx.warn(
      'missing-api-key',
      `${error.message} Its candidates are passed over until it has one.`,
    );
  }
  if (!error.retryable || retry >= options.maxRetries || candidate.breaker?.refusing) return false;
  const delay = backoffDelay(retry, error.retryAfterMs, options, ctx.config.random);
  if (delay === undefined) return false;
  if (state.deadline !== undefined && clock.now() + delay >= state.deadline) return false;
  if (ctx.events.active) {
    ctx.events.emit({
      type: 'retry',
      provider: candidate.providerId,
      model: candidate.model,
      retry: retry + 1,
      delayMs: delay,
      errorKind: error.kind,
    });
  }
  await sleepGuarded(delay, state, clock);
  return true;
}

function assertBeforeDeadline(ctx: RouterContext, state: RequestState, candidate: Candidate): void {
  if (state.cancelled !== undefined) throw state.cancelled;
  if (state.deadline !== undefined && ctx.config.clock.now() >= state.deadline) {
    throw new TimeoutError(
      `The request timed out after ${state.deadline - state.startedAt} ms before ${candidate.ref} could be tried.`,
      { scope: 'total', timeoutMs: state.deadline - state.startedAt },
    );
  }
}
