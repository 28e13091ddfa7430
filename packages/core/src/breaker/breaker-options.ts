import type { BreakerStateStore } from './breaker-state-store.js';

/** Circuit breaker settings (one breaker per `provider:model`). */
export interface BreakerOptions {
  /** Whether candidates get breakers at all. Defaults to `true`. */
  readonly enabled?: boolean | undefined;
  /**
   * What opens a breaker: `consecutive` failures (the seeds' rule), or an `error-rate` over a
   * rolling window (opossum's native rule). Defaults to `consecutive`.
   */
  readonly mode?: 'consecutive' | 'error-rate' | undefined;
  /** Consecutive vendor failures that open the breaker (`consecutive` mode). Defaults to 5. */
  readonly failureThreshold?: number | undefined;
  /** Time an open breaker waits before letting trial calls through. Defaults to 60 000 ms. */
  readonly resetTimeoutMs?: number | undefined;
  /** Trial calls admitted while half-open. Defaults to 3. */
  readonly halfOpenMaxCalls?: number | undefined;
  /** Successful trials that close a half-open breaker. Defaults to 2. */
  readonly successThreshold?: number | undefined;
  /** Failure percentage over the window that opens the breaker (`error-rate` mode). Defaults to 50. */
  readonly errorThresholdPercentage?: number | undefined;
  /** Calls in the window before the error rate counts (`error-rate` mode). Defaults to 10. */
  readonly volumeThreshold?: number | undefined;
  /** Length of the rolling statistics window. Defaults to 10 000 ms. */
  readonly rollingWindowMs?: number | undefined;
  /** Buckets in the rolling window. Defaults to 10. */
  readonly rollingBuckets?: number | undefined;
  /**
   * Shares breaker openings with other router instances (`@switchyard/redis`). The host owns it;
   * the router never closes it. Defaults to none: breakers are per instance.
   */
  readonly store?: BreakerStateStore | undefined;
}

/** Breaker settings with defaults applied. */
export interface NormalizedBreakerOptions {
  readonly enabled: boolean;
  readonly mode: 'consecutive' | 'error-rate';
  readonly failureThreshold: number;
  readonly resetTimeoutMs: number;
  readonly halfOpenMaxCalls: number;
  readonly successThreshold: number;
  readonly errorThresholdPercentage: number;
  readonly volumeThreshold: number;
  readonly rollingWindowMs: number;
  readonly rollingBuckets: number;
  readonly store: BreakerStateStore | undefined;
}

/** Applies the seed defaults: 5 failures, 60 s, 3 trials, 2 successes. */
export function normalizeBreakerOptions(options: BreakerOptions = {}): NormalizedBreakerOptions {
  return {
    enabled: options.enabled ?? true,
    mode: options.mode ?? 'consecutive',
    failureThreshold: options.failureThreshold ?? 5,
    resetTimeoutMs: options.resetTimeoutMs ?? 60_000,
    halfOpenMaxCalls: options.halfOpenMaxCalls ?? 3,
    successThreshold: options.successThreshold ?? 2,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 10,
    rollingWindowMs: options.rollingWindowMs ?? 10_000,
    rollingBuckets: options.rollingBuckets ?? 10,
    store: options.store,
  };
}
