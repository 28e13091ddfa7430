import { type Clock, systemClock } from '../time/clock.js';

/**
 * Where budget spend is counted. The memory store serves one process; `@switchyard/redis` shares
 * the counters across instances. Methods may be synchronous or return promises.
 */
export interface SpendCounterStore {
  /** Dollars counted under `key` (0 when none). */
  get(key: string): number | Promise<number>;
  /** Adds `amountUsd` under `key`, keeping it at least `ttlMs`; returns the new total. */
  add(key: string, amountUsd: number, ttlMs: number): number | Promise<number>;
}

/** In-process spend counters. Keys carry their period, so old ones expire and are dropped. */
export function createMemorySpendCounters(
  options: { readonly clock?: Clock | undefined } = {},
): SpendCounterStore {
  const clock = options.clock ?? systemClock;
  const counters = new Map<string, { total: number; expiresAt: number }>();
  const sweep = (now: number) => {
    for (const [key, counter] of counters) if (counter.expiresAt <= now) counters.delete(key);
  };
  let lastSweep = clock.now();
  return {
    get(key) {
      const counter = counters.get(key);
      return counter === undefined || counter.expiresAt <= clock.now() ? 0 : counter.total;
    },
    add(key, amountUsd, ttlMs) {
      const now = clock.now();
      if (now - lastSweep > 60_000) {
        sweep(now);
        lastSweep = now;
      }
      let counter = counters.get(key);
      if (counter === undefined || counter.expiresAt <= now) {
        counter = { total: 0, expiresAt: now + ttlMs };
        counters.set(key, counter);
      }
      counter.total += amountUsd;
      counter.expiresAt = Math.max(counter.expiresAt, now + ttlMs);
      return counter.total;
    },
  };
}
