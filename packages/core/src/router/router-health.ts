import type { ModelBenchmarkHealth } from '../benchmark/benchmark-options.js';
import type { BreakerHealth } from '../breaker/circuit-breaker.js';

/** What `router.health()` reports. */
export interface RouterHealth {
  /**
   * `ok` when every breaker is closed, `degraded` when some are open or half-open, `down` when
   * every breaker is open.
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
}

/** Store calls that timed out, in {@link RouterHealth}. */
export interface StoreHealth {
  readonly timeouts: number;
  readonly lastTimeout: { readonly store: string; readonly at: number };
}
