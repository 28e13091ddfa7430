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
  /**
   * Claims the fleet's one half-open trial slot of `candidate` (optional). A router whose breaker
   * goes half-open calls it and admits no trial until it resolves: to a lease, its instance runs
   * the half-open trials and releases the lease when the breaker closes or opens again; to
   * `undefined`, another instance holds the slot, and the breaker opens again (without
   * publishing) to wait another `resetTimeoutMs`. A store that cannot reach its backend should
   * resolve to a lease, so local breakers keep working. Without it, every instance runs its own
   * trials. A rejection is reported as a `warning` and counts as a lease.
   */
  claimTrial?(candidate: string): Promise<TrialLease | undefined>;
  /** Releases connections. The router never calls it: the host owns the store. */
  close?(): void | Promise<void>;
}

/** The fleet's half-open trial slot of one candidate, held by this instance. */
export interface TrialLease {
  /** Gives the slot back (the breaker closed or opened again). Never throws. */
  release(): void | Promise<void>;
}

/**
 * A breaker-state store in this process's memory: links routers that share one process (openings,
 * and one half-open trial slot per candidate among them).
 */
export function createMemoryBreakerStateStore(): BreakerStateStore {
  const listeners = new Set<(change: BreakerStateChange) => void>();
  const trials = new Set<string>();
  return {
    async claimTrial(candidate) {
      if (trials.has(candidate)) return undefined;
      trials.add(candidate);
      let held = true;
      return {
        release() {
          if (held) trials.delete(candidate);
          held = false;
        },
      };
    },
    publish(change) {
      for (const listener of [...listeners]) listener(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      trials.clear();
    },
  };
}
