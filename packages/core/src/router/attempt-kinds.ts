import type { ProviderBreaker } from '../breaker/circuit-breaker.js';
import { ConnectionError } from '../errors/provider-errors.js';
import type { Candidate } from '../policy/candidate.js';
import type {
  ProviderRequest,
  ProviderResponse,
  ProviderStreamPart,
} from '../provider/provider.js';
import type { AttemptKind } from './attempt-loop.js';
import type { AttemptOptions } from './attempt-options.js';
import { markFirstToken } from './attempt-telemetry.js';
import { guard } from './guard.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';

/** A chat try: the provider's `chat`, through the breaker, under the attempt's time limit. */
export const chatAttempt: AttemptKind<ProviderResponse> = {
  start(ctx, state, request) {
    const candidate = state.candidate as Candidate;
    const breaker = candidate.breaker;
    if (breaker === undefined) return guardedChat(ctx, state, candidate, request);
    return breaker.tryRun(() => guardedChat(ctx, state, candidate, request));
  },
  accept() {},
  release() {},
};

function guardedChat(
  ctx: RouterContext,
  state: RequestState,
  candidate: Candidate,
  request: ProviderRequest,
): Promise<ProviderResponse> {
  const options = state.options as AttemptOptions;
  let call: Promise<ProviderResponse>;
  try {
    call = candidate.provider.chat(request, options);
  } catch (error) {
    call = Promise.reject(error);
  }
  return guard(
    call,
    state,
    options,
    ctx.config.attemptTimeoutMs,
    'attempt',
    ctx.deadlines,
    candidate,
  );
}

/**
 * A stream try, up to its first part: the breaker admits the stream as one call that lasts until
 * the stream ends (`state.settleBreaker` ends it); the first part of any type commits the stream.
 */
export const streamAttempt: AttemptKind<IteratorResult<ProviderStreamPart>> = {
  start(ctx, state, request) {
    const candidate = state.candidate as Candidate;
    state.settleBreaker = undefined;
    if (candidate.breaker !== undefined) {
      const settle = admitStream(candidate.breaker);
      if (settle === undefined) return undefined;
      state.settleBreaker = settle;
    }
    const options = state.options as AttemptOptions;
    let iterator: AsyncIterator<ProviderStreamPart>;
    try {
      iterator = candidate.provider.stream(request, options)[Symbol.asyncIterator]();
    } catch (error) {
      return Promise.reject(error);
    }
    state.iterator = iterator;
    return guard(
      iterator.next(),
      state,
      options,
      ctx.config.attemptTimeoutMs,
      'attempt',
      ctx.deadlines,
      candidate,
    );
  },
  accept(ctx, state, result) {
    if (result.done) throw truncated(state.candidate as Candidate, 'before its first event');
    const ms = ctx.config.clock.now() - state.attemptStartedAt;
    state.timeToFirstTokenMs = ms;
    markFirstToken(state, ms);
  },
  release(state, error) {
    closeQuietly(state.iterator);
    state.iterator = undefined;
    state.settleBreaker?.(error);
    state.settleBreaker = undefined;
  },
};

/** Admits a stream through a breaker; returns its settle function, or `undefined` if refused. */
function admitStream(breaker: ProviderBreaker): ((error?: unknown) => void) | undefined {
  let settle: ((error?: unknown) => void) | undefined;
  const lifetime = new Promise<true>((resolve, reject) => {
    settle = (error?: unknown) => (error === undefined ? resolve(true) : reject(error));
  });
  const admitted = breaker.tryRun(() => lifetime);
  if (admitted === undefined) return undefined;
  admitted.catch(() => {});
  let done = false;
  return (error?: unknown) => {
    if (done) return;
    done = true;
    settle?.(error);
  };
}

/**
 * Closes a provider's stream so its `finally` blocks run and its in-flight bookkeeping is freed.
 * Not awaited: a provider stuck in its own await must not hold up the caller; an aborted attempt's
 * signal is what makes such a provider let go.
 */
export function closeQuietly(iterator: AsyncIterator<unknown> | undefined): void {
  if (iterator?.return === undefined) return;
  try {
    iterator.return().catch(() => {});
  } catch {
    // A provider whose return() throws synchronously has nothing left to release.
  }
}

/** The error for a provider stream that ended without its finish part. */
export function truncated(candidate: Candidate, when: string): ConnectionError {
  return new ConnectionError(`${candidate.ref}: the stream ended ${when} (truncated).`, {
    provider: candidate.providerId,
    model: candidate.model,
    code: 'stream_truncated',
  });
}
