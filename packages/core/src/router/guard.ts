import { TimeoutError } from '../errors/provider-errors.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { Clock } from '../time/clock.js';
import type { DeadlineQueue } from '../time/deadline-queue.js';
import type { AttemptOptions } from './attempt-options.js';
import type { RequestState } from './request-state.js';

/**
 * Waits for `work`, but rejects as soon as the limit passes or the request is cancelled, and
 * then aborts the attempt so the provider stops its network call. The limit is an entry in the
 * router's deadline queue (one timer for all waits); the request's cancel hook (installed once per
 * request) is borrowed for the duration.
 */
export function guard<T>(
  work: Promise<T>,
  state: RequestState,
  options: AttemptOptions,
  limitMs: number,
  limitScope: 'attempt' | 'idle',
  deadlines: DeadlineQueue,
  target: { readonly providerId: string; readonly model: string },
): Promise<T> {
  // The nearer of this wait's own limit and the request's deadline. A timeout reports the limit
  // that was exceeded (the attempt's, or the request's whole `timeoutMs`), not the time that was
  // left of it when this wait began.
  let ms = limitMs;
  let limit = limitMs;
  let scope: 'attempt' | 'idle' | 'total' = limitScope;
  if (state.deadline !== undefined) {
    const left = state.deadline - deadlines.now();
    if (left < ms) {
      ms = Math.max(0, left);
      limit = state.deadline - state.startedAt;
      scope = 'total';
    }
  }
  if (state.cancelled !== undefined) {
    options.abort(state.cancelled);
    work.catch(noop);
    return Promise.reject(state.cancelled);
  }
  return new Promise<T>((resolve, reject) => {
    const fail = (error: SwitchyardError) => {
      if (deadline.settled) return;
      deadlines.settle(deadline);
      state.setCancelHandler(undefined);
      options.abort(error);
      reject(error);
    };
    const deadline = deadlines.add(ms, () => {
      // The queue has settled the entry already; `fail` must still run.
      state.setCancelHandler(undefined);
      const what =
        scope === 'total' ? 'The request' : scope === 'idle' ? 'The stream' : 'The attempt';
      const error = new TimeoutError(
        `${what} timed out after ${limit} ms waiting for ${target.providerId}:${target.model}.`,
        {
          scope: scope,
          timeoutMs: limit,
          provider: target.providerId,
          model: target.model,
        },
      );
      options.abort(error);
      reject(error);
    });
    state.setCancelHandler(fail);
    work.then(
      (value) => {
        if (deadline.settled) return;
        deadlines.settle(deadline);
        state.setCancelHandler(undefined);
        resolve(value);
      },
      (error: unknown) => {
        if (deadline.settled) return;
        deadlines.settle(deadline);
        state.setCancelHandler(undefined);
        reject(error);
      },
    );
  });
}

/** Sleeps on the router's clock; the request's cancellation ends the sleep with its error. */
export function sleepGuarded(ms: number, state: RequestState, clock: Clock): Promise<void> {
  if (state.cancelled !== undefined) return Promise.reject(state.cancelled);
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      state.setCancelHandler(undefined);
      resolve();
    }, ms);
    state.setCancelHandler((error) => {
      clock.clearTimeout(timer);
      reject(error);
    });
  });
}

function noop(): void {}
