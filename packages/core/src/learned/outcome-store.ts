import { ConfigError } from '../errors/config-error.js';
import type { Outcome } from './outcome.js';

/** Which outcomes to list. */
export interface OutcomeQuery {
  /** Only outcomes scored at or after this time (milliseconds since the epoch). Defaults to all. */
  readonly since?: number | undefined;
  /** Only outcomes of this model. Defaults to all models. */
  readonly model?: string | undefined;
}

/**
 * Where outcomes are kept until the next training run. Implementations: the memory store here;
 * a Redis store for several app instances. Methods may return promises.
 */
export interface OutcomeStore {
  add(outcome: Outcome): void | Promise<void>;
  /** Stored outcomes, oldest first. */
  list(query?: OutcomeQuery): readonly Outcome[] | Promise<readonly Outcome[]>;
  /** Number of stored outcomes. */
  size(): number | Promise<number>;
}

/** The memory store: synchronous. */
export interface MemoryOutcomeStore extends OutcomeStore {
  add(outcome: Outcome): void;
  list(query?: OutcomeQuery): readonly Outcome[];
  size(): number;
}

/** Options of {@link createMemoryOutcomeStore}. */
export interface MemoryOutcomeStoreOptions {
  /** Most outcomes kept; the oldest go first. Defaults to 100 000. */
  readonly maxOutcomes?: number | undefined;
}

/**
 * An in-process outcome store, bounded: past `maxOutcomes`, the oldest outcome is dropped.
 *
 * @throws ConfigError when `maxOutcomes` is not a positive integer.
 */
export function createMemoryOutcomeStore(
  options: MemoryOutcomeStoreOptions = {},
): MemoryOutcomeStore {
  const max = options.maxOutcomes ?? 100_000;
  if (!Number.isInteger(max) || max < 1)
    throw new ConfigError('memory outcome store options', [
      { path: 'maxOutcomes', message: `must be a positive integer, got ${max}` },
    ]);
  const ring: (Outcome | undefined)[] = new Array(max);
  let start = 0;
  let count = 0;
  return {
    add(outcome) {
      ring[(start + count) % max] = outcome;
      if (count < max) count += 1;
      else start = (start + 1) % max;
    },
    list(query = {}) {
      const result: Outcome[] = [];
      for (let i = 0; i < count; i++) {
        const o = ring[(start + i) % max] as Outcome;
        if (query.since !== undefined && o.time < query.since) continue;
        if (query.model !== undefined && o.model !== query.model) continue;
        result.push(o);
      }
      return result;
    },
    size: () => count,
  };
}
