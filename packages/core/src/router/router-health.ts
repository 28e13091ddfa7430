import type { ModelBenchmarkHealth } from '../benchmark/benchmark-options.js';
import type { BreakerHealth } from '../breaker/circuit-breaker.js';
import type { StoreBackendHealth } from '../health/store-backends.js';

/** What `router.health()` reports. */
export interface RouterHealth {
  /**
   * `ok` when every breaker is closed and every store backend up, `degraded` when some breakers
   * are open or half-open or a store backend is down, `down` when every breaker is open.
   */
  readonly status: 'ok' | 'degraded' | 'down';
  /** Every breaker the router has created, one per `provider:model` it has used or may use. */
  readonly breakers: readonly BreakerHealth[];
  /** When the report was made (ms since the epoch). */
  readonly checkedAt: number;
  /**
   * With the benchmark engine on: per `provider:model`, its latest benchmark scores by category
   * and their age. Absent when the engine is off.
   */
  readonly benchmarks?: readonly ModelBenchmarkHealth[] | undefined;
  /**
   * Present once a store call (cache, session, spend counters) has outlasted `storeTimeoutMs`:
   * how many have, and the last one (`store` is `cache`, `session` or `budget`; `at` in ms since
   * the epoch). Those calls counted as misses or were skipped; the requests went on.
   */
  readonly stores?: StoreHealth | undefined;
  /**
   * Present when a store reports its backend (`@switchyard/redis` stores do): one entry per such
   * store, `up` or `down` (then the store answers from local state: a cache miss, local sessions
   * and spend, local breakers). See `WatchableStore`.
   */
  readonly backends?: readonly StoreBackendHealth[] | undefined;
}

/** Store calls that timed out, in {@link RouterHealth}. */
export interface StoreHealth {
  readonly timeouts: number;
  readonly lastTimeout: { readonly store: string; readonly at: number };
}

/** Builds the report from its parts (the status from the breakers and the backends). */
export function healthReport(
  now: number,
  breakers: readonly BreakerHealth[],
  backends: readonly StoreBackendHealth[],
  benchmarks: readonly ModelBenchmarkHealth[] | undefined,
  timeouts: { count: number; lastStore: string; lastAt: number } | undefined,
): RouterHealth {
  const open = breakers.filter((b) => b.state === 'open').length;
  const troubled =
    breakers.filter((b) => b.state !== 'closed').length +
    backends.filter((b) => b.state === 'down').length;
  const status =
    breakers.length > 0 && open === breakers.length ? 'down' : troubled > 0 ? 'degraded' : 'ok';
  return {
    status,
    breakers,
    checkedAt: now,
    ...(benchmarks !== undefined && { benchmarks }),
    ...(timeouts !== undefined && {
      stores: {
        timeouts: timeouts.count,
        lastTimeout: { store: timeouts.lastStore, at: timeouts.lastAt },
      },
    }),
    ...(backends.length > 0 && { backends }),
  };
}
