import { gunzipSync, gzipSync } from 'node:zlib';
import type { CacheEntry, CacheStore, CacheStoreStats, WatchableStore } from '@switchyard/core';
import { RedisConnection, type RedisConnectionOptions, redactUrl } from './redis-connection.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';
import { scanDelete, scanKeys } from './scan-delete.js';

/** Options of {@link createRedisCacheStore}. */
export interface RedisCacheStoreOptions extends RedisConnectionOptions {
  /** Entries whose JSON is longer than this many characters are stored gzip-compressed. Defaults to 1 024. */
  readonly compressAboveChars?: number | undefined;
}

/** The Redis cache store, with the state of its connection. */
export interface RedisCacheStore extends CacheStore, WatchableStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes this store's keys with `SCAN` and `UNLINK` in batches (never `KEYS`). */
  clear(): Promise<void>;
  /**
   * Counts this store's entries and their stored size (bytes of the values as kept: compressed
   * ones compressed) with `SCAN` and one `STRLEN` per key: an admin call, O(entries), never made
   * by the router on the request path (`router.stats()` shows only stores that count in memory).
   * `evictions` is 0: Redis evicts under `maxmemory` server-wide (`INFO stats`, `evicted_keys`).
   *
   * @throws {RedisUnavailableError} when Redis fails or does not answer in time.
   */
  stats(): Promise<CacheStoreStats>;
  close(): Promise<void>;
  /** The connection's timeout breaker, for health reports. */
  readonly connection: RedisConnection;
}

const PLAIN = 'j';
const GZIP = 'z';

/**
 * A cache store on Redis: one `GET` per lookup, one `SET … PX` per write (the TTL lives in
 * Redis), values above `compressAboveChars` gzip-compressed (kept as base64 text), every key under
 * `<prefix>cache:`. A Redis failure or timeout reads as a miss and a skipped write, never an
 * error: put it behind `createLayeredCacheStore` to keep a local layer answering meanwhile.
 *
 * @throws {TypeError} for a non-positive timeout, threshold or cooldown.
 */
export function createRedisCacheStore(options: RedisCacheStoreOptions = {}): RedisCacheStore {
  const connection = new RedisConnection(options);
  const threshold = options.compressAboveChars ?? 1_024;
  const base = `${connection.prefix}cache:`;
  const encode = (entry: CacheEntry) => {
    const json = JSON.stringify(entry);
    return json.length > threshold
      ? GZIP + gzipSync(Buffer.from(json, 'utf8')).toString('base64')
      : PLAIN + json;
  };
  const decode = (raw: unknown): CacheEntry | undefined => {
    if (typeof raw !== 'string' || raw.length === 0) return undefined;
    try {
      const body =
        raw[0] === GZIP
          ? gunzipSync(Buffer.from(raw.slice(1), 'base64')).toString('utf8')
          : raw.slice(1);
      const entry = JSON.parse(body) as CacheEntry;
      return entry.v === 1 ? entry : undefined;
    } catch {
      return undefined; // A corrupt or foreign value is a miss.
    }
  };
  return {
    connection,
    backendStatus: () => connection.status(),
    watchBackend: (listener) => connection.watch(listener),
    async get(key) {
      try {
        return decode(await connection.run((client) => client.get(base + key)));
      } catch {
        return undefined;
      }
    },
    async set(key, entry, ttlMs) {
      const px = Math.max(1, Math.ceil(ttlMs));
      await connection
        .run((client) => client.set(base + key, encode(entry), { PX: px }))
        .catch(() => {});
    },
    async delete(key) {
      await connection.run((client) => client.del(base + key)).catch(() => {});
    },
    async stats() {
      let entries = 0;
      let bytes = 0;
      await connection.run(async () => undefined); // fails fast (and counts) when Redis is away
      try {
        await scanKeys(connection, `${base}*`, async (node, keys) => {
          const sizes = await Promise.all(keys.map((key) => node.strLen(key)));
          entries += keys.length;
          keys.forEach((key, i) => {
            bytes += key.length + (sizes[i] ?? 0);
          });
        });
      } catch (error) {
        throw new RedisUnavailableError(
          redactUrl(error instanceof Error ? error.message : String(error)),
        );
      }
      return { entries, bytes, evictions: 0 };
    },
    async clear() {
      await scanDelete(connection, `${base}*`).catch(() => {});
    },
    close: () => connection.close(),
  };
}
