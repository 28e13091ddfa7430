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

/** An entry and the time it expires in this store (which may be sooner than the entry's own). */
interface Slot {
  readonly entry: CacheEntry;
  readonly until: number;
}

/**
 * An in-process cache store on lru-cache, bounded by entry count and by bytes, with a TTL per
 * entry and no timers (expired entries are dropped when read or evicted). Expiry is checked here
 * rather than by lru-cache's own TTL, which costs more than the rest of a lookup and a write.
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): MemoryCacheStore {
  const clock = options.clock ?? systemClock;
  let evictions = 0;
  const cache = new LRUCache<string, Slot>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (slot) => entryBytes(slot.entry),
    dispose: (_value, _key, reason) => {
      if (reason === 'evict') evictions += 1;
    },
  });
  return {
    get: (key) => {
      const slot = cache.get(key);
      if (slot === undefined) return undefined;
      if (slot.until >= clock.now()) return slot.entry;
      cache.delete(key);
      return undefined;
    },
    set: (key, entry, ttlMs) => {
      cache.set(key, { entry, until: clock.now() + ttlMs });
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
