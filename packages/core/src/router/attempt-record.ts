import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { RouteAttempt } from '../provider/route-trace.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';

/** Adds an attempt to the request's trace and announces it (`attempt` event). */
export function recordAttempt(
  ctx: RouterContext,
  state: RequestState,
  attempt: RouteAttempt,
): void {
  state.attempts.push(attempt);
  if (ctx.events.active) {
    ctx.events.emit({
      type: 'attempt',
      provider: attempt.provider,
      model: attempt.model,
      outcome: attempt.outcome,
      retry: attempt.retry,
      latencyMs: attempt.latencyMs,
      errorKind: attempt.errorKind,
      skipReason: attempt.skipReason,
    });
  }
}

/**
 * Records a candidate the router did not call. `retry` is the try that was refused: a retry
 * announced by a `retry` event and then refused by a breaker that opened during the backoff is
 * still that retry, so the events and the statistics count it alike.
 */
export function recordSkip(
  ctx: RouterContext,
  state: RequestState,
  candidate: Candidate,
  reason: string,
  retry: number,
): void {
  recordAttempt(ctx, state, {
    provider: candidate.providerId,
    model: candidate.model,
    outcome: 'skipped',
    retry,
    latencyMs: 0,
    skipReason: reason,
  });
}

/** Records the attempt in progress as failed with `error`. */
export function recordFailure(
  ctx: RouterContext,
  state: RequestState,
  error: SwitchyardError,
): void {
  const candidate = state.candidate as Candidate;
  const attempt: RouteAttempt = {
    provider: candidate.providerId,
    model: candidate.model,
    outcome: 'error',
    retry: state.retry,
    latencyMs: ctx.config.clock.now() - state.attemptStartedAt,
    errorKind: error.kind,
    errorMessage: error.message,
  };
  // A stream that broke after its first part still had a time to first token.
  const ttft = state.timeToFirstTokenMs;
  recordAttempt(
    ctx,
    state,
    ttft === undefined ? attempt : { ...attempt, timeToFirstTokenMs: ttft },
  );
  state.errors.push(error);
}

/** Announces that the request moves on from one candidate to the next (`fallback` event). */
export function emitFallback(
  ctx: RouterContext,
  state: RequestState,
  from: Candidate,
  to: Candidate | undefined,
): void {
  if (to === undefined || !ctx.events.active) return;
  const last = state.attempts[state.attempts.length - 1];
  ctx.events.emit({
    type: 'fallback',
    from: from.ref,
    to: to.ref,
    reason: last?.errorKind ?? last?.skipReason ?? 'unknown',
  });
}
