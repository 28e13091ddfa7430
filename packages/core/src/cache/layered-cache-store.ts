import { isPromise } from '../classify/classifier-runner.js';
import { isWatchableStore, type WatchableStore } from '../health/store-backends.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { CacheEntry, CacheStore, CacheStoreStats } from './cache-store.js';

/** Options of {@link createLayeredCacheStore}. */
export interface LayeredCacheStoreOptions {
  /** The fast local layer, read first (usually `createMemoryCacheStore()`). */
  readonly memory: CacheStore;
  /** The shared layer behind it (Redis, a database). */
  readonly shared: CacheStore;
  /**
   * The longest an entry lives in the memory layer. It never outlives the shared entry it copies:
   * a back-filled entry keeps at most the shared entry's remaining lifetime. Defaults to 60 000 ms.
   */
  readonly memoryTtlMs?: number | undefined;
  readonly clock?: Clock | undefined;
}

/**
 * A memory layer in front of a shared one: reads try memory, then the shared store (copying a hit
 * back into memory); writes, deletes and clears go to both. Stats are the memory layer's. When the
 * shared store reports its backend ({@link WatchableStore}), so does the layered one.
 */
export function createLayeredCacheStore(
  options: LayeredCacheStoreOptions,
): CacheStore & Partial<WatchableStore> {
  const { memory, shared } = options;
  const clock = options.clock ?? systemClock;
  const memoryTtl = options.memoryTtlMs ?? 60_000;
  const backfill = (key: string, entry: CacheEntry | undefined) => {
    if (entry === undefined) return undefined;
    const left = entry.expiresAt - clock.now();
    if (left <= 0) return undefined;
    const write = memory.set(key, entry, Math.min(memoryTtl, left));
    if (isPromise(write)) write.catch(() => {});
    return entry;
  };
  return {
    get(key) {
      const local = memory.get(key);
      if (isPromise(local)) {
        return local.then(
          (hit) => hit ?? Promise.resolve(shared.get(key)).then((entry) => backfill(key, entry)),
        );
      }
      if (local !== undefined) return local;
      const remote = shared.get(key);
      return isPromise(remote)
        ? remote.then((entry) => backfill(key, entry))
        : backfill(key, remote);
    },
    async set(key, entry, ttlMs) {
      await Promise.all([
        memory.set(key, entry, Math.min(ttlMs, memoryTtl)),
        shared.set(key, entry, ttlMs),
      ]);
    },
    async delete(key) {
      await Promise.all([memory.delete(key), shared.delete(key)]);
    },
    async clear() {
      await Promise.all([memory.clear(), shared.clear()]);
    },
    stats(): CacheStoreStats | Promise<CacheStoreStats> {
      return memory.stats?.() ?? { entries: 0, bytes: 0, evictions: 0 };
    },
    async close() {
      await Promise.all([memory.close?.(), shared.close?.()]);
    },
    ...(isWatchableStore(shared) && {
      backendStatus: () => shared.backendStatus(),
      watchBackend: (listener) => shared.watchBackend(listener),
    }),
  };
}
