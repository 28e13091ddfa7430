import { LRUCache } from 'lru-cache';
import { type Clock, systemClock } from '../time/clock.js';
import {
  type CacheEntry,
  type CacheStore,
  type CacheStoreStats,
  entryBytes,
} from './cache-store.js';

/** Options of {@link createMemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /** Entries kept; the least recently used go first. Defaults to 10 000. */
  readonly maxEntries?: number | undefined;
  /** Approximate bytes kept (text is counted at two bytes a character). Defaults to 64 MiB. */
  readonly maxBytes?: number | undefined;
  /** Source of time for expiry. Defaults to the system clock. */
  readonly clock?: Clock | undefined;
}

/** The in-memory store: synchronous. */
export interface MemoryCacheStore extends CacheStore {
  get(key: string): CacheEntry | undefined;
  set(key: string, entry: CacheEntry, ttlMs: number): void;
  delete(key: string): void;
  clear(): void;
  stats(): CacheStoreStats;
}

/**
 * An in-process cache store on lru-cache, bounded by entry count and by bytes, with a TTL per
 * entry and no timers (expired entries are dropped when read or evicted).
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): MemoryCacheStore {
  const clock = options.clock ?? systemClock;
  let evictions = 0;
  const cache = new LRUCache<string, CacheEntry>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: entryBytes,
    ttlResolution: 0,
    ttlAutopurge: false,
    perf: { now: () => clock.now() },
    dispose: (_value, _key, reason) => {
      if (reason === 'evict') evictions += 1;
    },
  });
  return {
    get: (key) => cache.get(key),
    set: (key, entry, ttlMs) => {
      cache.set(key, entry, { ttl: ttlMs });
    },
    delete: (key) => {
      cache.delete(key);
    },
    clear: () => {
      cache.clear();
    },
    stats: () => ({ entries: cache.size, bytes: cache.calculatedSize, evictions }),
    close: () => {
      cache.clear();
    },
  };
}
