/** A breaker change one router instance tells the others about. */
export interface BreakerStateChange {
  /** `provider:model`. */
  readonly candidate: string;
  /** Only openings are shared: each instance closes its own breaker through its own trials. */
  readonly state: 'open';
  /** When it opened (ms since the epoch). */
  readonly at: number;
  /** The instance that published it; a store does not deliver a change back to its sender. */
  readonly origin: string;
}

/**
 * Where router instances share breaker openings, so an outage found by one is not rediscovered
 * by every other. Small on purpose: `publish` an opening, `subscribe` to the others'. The router
 * never waits on it: a failing store is reported as a `warning` and the local breakers keep
 * working alone. `@switchyard/redis` has one on Redis pub/sub; `createMemoryBreakerStateStore`
 * links routers of one process.
 */
export interface BreakerStateStore {
  /** Tells the other instances. May return a promise; a rejection is reported, never thrown. */
  publish(change: BreakerStateChange): void | Promise<void>;
  /** Calls `listener` with the changes other instances publish; returns an unsubscribe function. */
  subscribe(listener: (change: BreakerStateChange) => void): () => void;
  /** Releases connections. The router never calls it: the host owns the store. */
  close?(): void | Promise<void>;
}

/** A breaker-state store in this process's memory: links routers that share one process. */
export function createMemoryBreakerStateStore(): BreakerStateStore {
  const listeners = new Set<(change: BreakerStateChange) => void>();
  return {
    publish(change) {
      for (const listener of [...listeners]) listener(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
    },
  };
}
