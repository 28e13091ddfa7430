/**
 * How a store's backend (a Redis server, a database) is doing, as the store itself sees it.
 * A store that hides its backend's trouble (answering from local state) reports it this way.
 */
export interface BackendStatus {
  /**
   * What the backend is, without credentials (`redis 127.0.0.1:6379`). Stores reporting the same
   * name are one backend: the router warns once per outage of it, not once per store.
   */
  readonly backend: string;
  /** `up` while calls reach it; `down` while the store answers from local state. */
  readonly state: 'up' | 'down';
  /** When it went down (ms since the epoch), while down. */
  readonly since?: number | undefined;
  /** The last failure's message, without credentials. */
  readonly lastError?: string | undefined;
}

/**
 * Optional methods of a cache, session, spend-counter, breaker-state or score store whose backend
 * can fail while the store keeps answering (`@switchyard/redis` has them). The router finds them
 * by their presence: it lists the backend in `router.health().backends`, and emits a `warning`
 * event (`store-unavailable`) once when the backend goes down and one (`store-recovered`) when it
 * is back.
 */
export interface WatchableStore {
  /** The backend's state now. Cheap and synchronous: no I/O. */
  backendStatus(): BackendStatus;
  /** Calls `listener` on every change between `up` and `down`; returns an unsubscribe function. */
  watchBackend(listener: (status: BackendStatus) => void): () => void;
}

/** One store's backend in `router.health().backends`. */
export interface StoreBackendHealth extends BackendStatus {
  /** Which store reports it: `cache`, `session`, `budget`, `breaker` or `benchmark`. */
  readonly store: string;
}

/** Whether `store` has the {@link WatchableStore} methods. */
export function isWatchableStore(store: unknown): store is WatchableStore {
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof (store as WatchableStore).backendStatus === 'function' &&
    typeof (store as WatchableStore).watchBackend === 'function'
  );
}

/**
 * @internal The router's view of its stores' backends: their health, and one warning per outage
 * of a backend (several stores on one Redis make one outage) plus one when it recovers.
 */
export class StoreBackends {
  readonly #watched: { readonly store: string; readonly source: WatchableStore }[] = [];
  readonly #unwatch: (() => void)[] = [];
  /** Per backend name, the stores that report it down. */
  readonly #down = new Map<string, Set<string>>();

  constructor(
    stores: Readonly<Record<string, unknown>>,
    warn: (code: string, message: string) => void,
  ) {
    for (const [store, source] of Object.entries(stores)) {
      if (!isWatchableStore(source)) continue;
      this.#watched.push({ store, source });
      const changed = (status: BackendStatus) => {
        let down = this.#down.get(status.backend);
        if (down === undefined) {
          down = new Set();
          this.#down.set(status.backend, down);
        }
        const before = down.size;
        if (status.state === 'down') down.add(store);
        else down.delete(store);
        if (before === 0 && down.size > 0) {
          warn(
            'store-unavailable',
            `${status.backend} is unavailable (the ${store} store: ${status.lastError ?? 'no answer'}); stores answer from local state until it is back.`,
          );
        } else if (before > 0 && down.size === 0) {
          warn('store-recovered', `${status.backend} is reachable again: shared state resumes.`);
        }
      };
      this.#unwatch.push(source.watchBackend(changed));
      if (source.backendStatus().state === 'down') changed(source.backendStatus());
    }
  }

  /** Watches the stores of a router's configuration. */
  static of(
    config: {
      readonly cache?: { readonly store?: unknown } | undefined;
      readonly sessions: { readonly store?: unknown };
      readonly budgets?: { readonly counters?: unknown } | undefined;
      readonly breaker: { readonly store?: unknown };
      readonly benchmarks?: { readonly store?: unknown } | undefined;
    },
    warn: (code: string, message: string) => void,
  ): StoreBackends {
    const stores = {
      cache: config.cache?.store,
      session: config.sessions.store,
      budget: config.budgets?.counters,
      breaker: config.breaker.store,
      benchmark: config.benchmarks?.store,
    };
    return new StoreBackends(stores, warn);
  }

  /** Every watched store's backend now; empty when no store is watchable. */
  health(): StoreBackendHealth[] {
    return this.#watched.map(({ store, source }) => ({ store, ...source.backendStatus() }));
  }

  close(): void {
    for (const unwatch of this.#unwatch.splice(0)) unwatch();
  }
}
