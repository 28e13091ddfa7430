import { AbortError, abortErrorFrom } from '../errors/abort-error.js';
import { TimeoutError } from '../errors/provider-errors.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { Deadline, DeadlineQueue } from '../time/deadline-queue.js';
import type { Cancellable, SignalListeners } from './signal-listeners.js';

/** The parts of the router context a store wait uses (the context itself, without the import). */
export interface StoreWaitHost {
  readonly config: { readonly storeTimeoutMs: number; readonly timeoutMs: number | undefined };
  readonly deadlines: DeadlineQueue;
  readonly signals: SignalListeners;
  readonly storeWaits: Set<Cancellable>;
  noteStoreTimeout(store: string, limitMs: number): void;
  warn(code: string, message: string): void;
}

/** What bounds one store call besides the store timeout: the request's signal and deadline. */
export interface StoreWaitLimits {
  readonly signal?: AbortSignal | undefined;
  /** The request's deadline on the router's clock (ms), if it has one. */
  readonly deadline?: number | undefined;
  /** When the request started (ms, router's clock): a timeout reports `deadline - startedAt`. */
  readonly startedAt?: number | undefined;
}

/** The limits of a request that has not begun yet (its deadline counted from `startedAt`). */
export function limitsOf(
  ctx: StoreWaitHost,
  request: { readonly signal?: AbortSignal | undefined; readonly timeoutMs?: number | undefined },
  startedAt: number,
): StoreWaitLimits {
  const timeoutMs = request.timeoutMs ?? ctx.config.timeoutMs;
  return {
    signal: request.signal,
    deadline: timeoutMs === undefined ? undefined : startedAt + timeoutMs,
    startedAt,
  };
}

/**
 * Waits for a store call that answered with a promise, bounded by the router's `storeTimeoutMs`.
 * A store that is late (or never answers) counts as having answered `fallback` (a miss, a skipped
 * write): a `store-timeout` warning is emitted and the router's health notes it. The request's
 * own deadline, when nearer, rejects with its `TimeoutError`; its signal and `router.close()`
 * reject with `AbortError`. A store error settles with `fallback` through `onError` as before.
 *
 * Only promises come here: a synchronous store answer never pays for a wait. The limit is an
 * entry in the router's deadline queue (one timer for every wait).
 */
export function waitForStore<T>(
  ctx: StoreWaitHost,
  work: Promise<T>,
  fallback: T,
  store: string,
  limits: StoreWaitLimits,
): Promise<T> {
  if (limits.signal?.aborted) {
    work.catch(noop);
    return Promise.reject(abortErrorFrom(limits.signal));
  }
  return new Promise<T>((resolve, reject) => {
    new StoreWait(ctx, store, fallback, limits, resolve, reject).wait(work);
  });
}

class StoreWait<T> implements Cancellable {
  private readonly deadline: Deadline;

  constructor(
    private readonly ctx: StoreWaitHost,
    private readonly store: string,
    private readonly fallback: T,
    private readonly limits: StoreWaitLimits,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    const limit = ctx.config.storeTimeoutMs;
    let ms = limit;
    let requestTimedOut = false;
    if (limits.deadline !== undefined) {
      const left = Math.max(0, limits.deadline - ctx.deadlines.now());
      if (left < ms) {
        ms = left;
        requestTimedOut = true;
      }
    }
    this.deadline = ctx.deadlines.add(ms, () => {
      this.release();
      if (requestTimedOut) {
        const timeoutMs =
          limits.deadline !== undefined && limits.startedAt !== undefined
            ? limits.deadline - limits.startedAt
            : undefined;
        const after = timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`;
        reject(
          new TimeoutError(`The request timed out${after} waiting for the ${store} store.`, {
            scope: 'total',
            timeoutMs,
          }),
        );
        return;
      }
      ctx.noteStoreTimeout(store, limit);
      resolve(fallback);
    });
    if (limits.signal !== undefined) ctx.signals.add(limits.signal, this);
    ctx.storeWaits.add(this);
  }

  wait(work: Promise<T>): void {
    work.then(
      (value) => {
        if (this.settle()) this.resolve(value);
      },
      (error: unknown) => {
        // The caller's own handler (a store error is a miss) ran before this promise was handed
        // over; anything still rejecting here is reported and taken as the fallback.
        if (!this.settle()) return;
        this.ctx.warn(`${this.store}-store`, `The ${this.store} store failed: ${String(error)}`);
        this.resolve(this.fallback);
      },
    );
  }

  /** The request's abort, or the router closing. */
  cancel(error: SwitchyardError): void {
    if (!this.settle()) return;
    this.reject(AbortError.isInstance(error) ? error : new AbortError(error.message));
  }

  private settle(): boolean {
    if (this.deadline.settled) return false;
    this.ctx.deadlines.settle(this.deadline);
    this.release();
    return true;
  }

  private release(): void {
    if (this.limits.signal !== undefined) this.ctx.signals.remove(this.limits.signal, this);
    this.ctx.storeWaits.delete(this);
  }
}

function noop(): void {}
