import type { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import type { NormalizedBreakerOptions } from './breaker-options.js';
import { isVendorFailure } from './vendor-failure.js';

/** A breaker's state. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What `router.health()` reports for one breaker. */
export interface BreakerHealth {
  /** `provider:model`. */
  readonly candidate: string;
  readonly state: BreakerState;
  /** Vendor failures in a row (reset by a success). */
  readonly consecutiveFailures: number;
  /** Counts over the rolling window. */
  readonly window: {
    readonly calls: number;
    readonly successes: number;
    readonly failures: number;
    /** Calls refused because the breaker was open. */
    readonly rejected: number;
  };
  /** How many times the breaker has opened. */
  readonly opens: number;
  /** When it last opened (ms since the epoch), while open or half-open. */
  readonly openedAt: number | undefined;
  /** When an open breaker will next let a trial call through. */
  readonly nextAttemptAt: number | undefined;
  /** Trial calls admitted and succeeded since it went half-open. */
  readonly halfOpen: { readonly trials: number; readonly successes: number } | undefined;
}

/** Called on every state change. */
export type BreakerListener = (
  from: BreakerState,
  to: BreakerState,
  breaker: ProviderBreaker,
) => void;

/**
 * A circuit breaker for one `provider:model`, built on opossum and extended where opossum does
 * not do what the seeds ask (see docs/decisions/004-extending-opossum.md):
 *
 * - `consecutive` mode opens after N consecutive vendor failures. Opossum trips on an error
 *   percentage only, so its own rule is switched off (an unreachable volume threshold) and
 *   `open()` is called from the failure count instead. `error-rate` mode uses opossum's rule.
 * - Half-open admits up to `halfOpenMaxCalls` trials (opossum admits one) by overriding the
 *   `pendingClose` getter that opossum's `call()` consults, and closes only after
 *   `successThreshold` successes (opossum closes on the first) by gating `close()`.
 * - Only vendor failures count (`errorFilter`); neutral outcomes (a 400, an abort) count as
 *   neither success nor failure, in the window too (opossum would count them as successes), and
 *   give their half-open slot back.
 * - An outcome counts only in the state it was admitted in: a call admitted while closed that
 *   settles after the breaker opened, or during half-open, is not a trial and changes nothing.
 *
 * Opossum keeps the state machine, its reset timer, events and the rolling statistics.
 */
export class ProviderBreaker extends CircuitBreaker<[Admission], Admission> {
  /** `provider:model`. */
  readonly candidate: string;
  private readonly settings: NormalizedBreakerOptions;
  private consecutive = 0;
  private trials = 0;
  private trialSuccesses = 0;
  private opens = 0;
  private openedAt: number | undefined = undefined;
  /** @internal True while tryRun admits a half-open trial (read by the pendingClose getter). */
  admittingTrial = false;
  /** @internal False while another instance holds the fleet's trial slot (see SharedBreakers). */
  trialsAllowed = true;
  private closeAllowed = false;
  private previous: BreakerState = 'closed';
  /** Bumped on every state change; a call counts only if it settles in the period it began in. */
  private period = 0;
  /** The call whose error `errorFilter` just filtered (opossum then emits `success` with the error). */
  private filtered: Admission | undefined = undefined;

  constructor(
    candidate: string,
    settings: NormalizedBreakerOptions,
    rotation: EventEmitter,
    listener: BreakerListener,
  ) {
    super(run, {
      name: candidate,
      // Timeouts are the router's (one timer per wait); a second timer here would double the cost.
      timeout: false,
      resetTimeout: settings.resetTimeoutMs,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold:
        settings.mode === 'consecutive' ? Number.MAX_SAFE_INTEGER : settings.volumeThreshold,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: settings.rollingBuckets,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      rotateBucketController: rotation,
      errorFilter: ((error: unknown, call: Admission) => call.breaker.filters(error, call)) as (
        error: unknown,
      ) => boolean,
    });
    this.candidate = candidate;
    this.settings = settings;

    this.on('success', () => {
      this.consecutive = 0;
      if (this.halfOpen) {
        this.trialSuccesses += 1;
        if (this.trialSuccesses >= this.settings.successThreshold) this.forceClose();
      }
    });
    this.on('failure', () => {
      this.consecutive += 1;
      if (
        this.settings.mode === 'consecutive' &&
        this.closed &&
        this.consecutive >= this.settings.failureThreshold
      ) {
        this.open();
      }
    });
    const changed = (to: BreakerState) => {
      this.period += 1;
      const from = this.previous;
      this.previous = to;
      if (from !== to) listener(from, to, this);
    };
    this.on('open', () => {
      this.opens += 1;
      this.openedAt = Date.now();
      this.trials = 0;
      this.trialSuccesses = 0;
      changed('open');
    });
    this.on('halfOpen', () => {
      this.trials = 0;
      this.trialSuccesses = 0;
      changed('half-open');
    });
    this.on('close', () => {
      this.consecutive = 0;
      this.openedAt = undefined;
      changed('closed');
    });
  }

  /**
   * Runs `work` through the breaker, or returns `undefined` at once, with no call and no error
   * object, when the breaker refuses it (open, or half-open with every trial slot taken).
   */
  tryRun<T>(work: () => Promise<T>): Promise<T> | undefined {
    if (this.opened) return undefined;
    if (this.halfOpen) {
      if (this.trials >= this.settings.halfOpenMaxCalls || !this.trialsAllowed) return undefined;
      this.trials += 1;
      this.admittingTrial = true;
      try {
        return this.fire(new Admission(work, this, this.period)).then(resultOf) as Promise<T>;
      } finally {
        this.admittingTrial = false;
      }
    }
    return this.fire(new Admission(work, this, this.period)).then(resultOf) as Promise<T>;
  }

  /** @internal opossum's `errorFilter`: true (not a failure) for a neutral or a stale outcome. */
  filters(error: unknown, call: Admission): boolean {
    if (call.period === this.period && isVendorFailure(error)) return false;
    this.filtered = call;
    return true;
  }

  /** Opossum counts a call when it starts and a filtered error as a `success`; here a call counts
   * when it settles with an outcome that counts (neutral and stale ones change nothing). */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    switch (event) {
      case 'fire':
        return false;
      case 'success': {
        const call = args[0];
        if (call instanceof Admission) {
          if (call.period !== this.period) return false;
          this.counted();
          return super.emit('success', call.value, args[1]);
        }
        // A filtered error: give a half-open slot back if this call took one.
        const neutral = this.filtered;
        this.filtered = undefined;
        if (neutral !== undefined && neutral.period === this.period && this.halfOpen)
          this.trials -= 1;
        return false;
      }
      case 'failure':
        this.counted();
        return super.emit(event, ...args);
      default:
        return super.emit(event, ...args);
    }
  }

  private counted(): void {
    (this.status as unknown as { increment(property: string): void }).increment('fires');
  }

  /** True while the breaker opens because another instance said so (not republished). */
  openedByPeer = false;
  /** Opens the breaker because another instance's opened; a no-op when already open. */
  openFromPeer(): void {
    if (this.opened) return;
    this.openedByPeer = true;
    try {
      this.open();
    } finally {
      this.openedByPeer = false;
    }
  }

  /** Whether a call made now would be refused. */
  get refusing(): boolean {
    if (this.opened) return true;
    return this.halfOpen && (this.trials >= this.settings.halfOpenMaxCalls || !this.trialsAllowed);
  }

  /** Closes the breaker even in the middle of half-open trials. */
  forceClose(): void {
    this.closeAllowed = true;
    try {
      this.close();
    } finally {
      this.closeAllowed = false;
    }
  }

  override close(): void {
    // Opossum closes on the first half-open success; wait for successThreshold of them.
    if (this.halfOpen && !this.closeAllowed) return;
    super.close();
  }

  /** Opossum keeps every call's latency even with percentiles off: dropped at each rotation. */
  dropLatencySamples(): void {
    for (const bucket of this.status.window as unknown as { latencyTimes?: number[] }[]) {
      if (bucket?.latencyTimes !== undefined && bucket.latencyTimes.length > 0)
        bucket.latencyTimes.length = 0;
    }
  }

  /** The breaker's health for `router.health()`. */
  health(): BreakerHealth {
    const stats = this.stats;
    const state: BreakerState = this.opened ? 'open' : this.halfOpen ? 'half-open' : 'closed';
    return {
      candidate: this.candidate,
      state,
      consecutiveFailures: this.consecutive,
      window: {
        calls: stats.fires,
        successes: stats.successes,
        failures: stats.failures,
        rejected: stats.rejects,
      },
      opens: this.opens,
      openedAt: state === 'closed' ? undefined : this.openedAt,
      nextAttemptAt:
        state === 'open' && this.openedAt !== undefined
          ? this.openedAt + this.settings.resetTimeoutMs
          : undefined,
      halfOpen:
        state === 'half-open' ? { trials: this.trials, successes: this.trialSuccesses } : undefined,
    };
  }
}

/** One call through a breaker: its work, and the state period it was admitted in. */
class Admission {
  value: unknown = undefined;
  constructor(
    readonly work: () => Promise<unknown>,
    readonly breaker: ProviderBreaker,
    readonly period: number,
  ) {}
}

// Resolves with the admission, so the `success` opossum emits names the call that succeeded.
const run = (call: Admission): Promise<Admission> =>
  call.work().then((value) => {
    call.value = value;
    return call;
  });
const resultOf = (call: Admission): unknown => call.value;

// Opossum's call() admits a call when `closed || pendingClose`; half-open admission is ours
// (tryRun counts the slots), so pendingClose reads true while tryRun admits a trial.
const base = Object.getOwnPropertyDescriptor(CircuitBreaker.prototype, 'pendingClose');
Object.defineProperty(ProviderBreaker.prototype, 'pendingClose', {
  configurable: true,
  get(this: ProviderBreaker) {
    return this.admittingTrial || (base?.get?.call(this) as boolean);
  },
});
