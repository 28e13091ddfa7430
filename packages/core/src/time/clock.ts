/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * The router's source of time. Everything that waits or measures (retry backoff, timeouts, cache
 * TTL, latency) goes through it, so tests can drive time with fake timers or a custom clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The platform clock. It looks up `Date.now`, `setTimeout` and `clearTimeout` at call time, so
 * `vi.useFakeTimers()` works even when installed after the router was created.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
