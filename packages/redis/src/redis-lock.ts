import { randomUUID } from 'node:crypto';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

/** A held lock: release it when the work is done. */
export interface RedisLockLease {
  readonly name: string;
  /** Releases the lock if this lease still holds it; false when it had expired or Redis failed. */
  release(): Promise<boolean>;
}

/** A lock across instances (for example: one scheduled benchmark run at a time). */
export interface RedisLock {
  /**
   * Takes the lock `name` for at most `ttlMs` (it expires by itself if the holder dies). Resolves
   * to a lease, or `undefined` when another instance holds it or Redis is unavailable (so a
   * scheduled job skips its turn rather than running twice).
   *
   * @throws {TypeError} for a non-positive `ttlMs`.
   */
  acquire(name: string, ttlMs: number): Promise<RedisLockLease | undefined>;
  close(): Promise<void>;
  readonly connection: RedisConnection;
}

// Deletes the lock only if it still holds our token.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Sets `key` to a fresh token if it is free (`SET NX PX`): a lease whose `release` deletes the key
 * only while it still holds that token, or `undefined` when someone else holds it.
 *
 * @throws {RedisUnavailableError} when Redis fails or does not answer in time.
 */
export async function takeLease(
  connection: RedisConnection,
  key: string,
  ttlMs: number,
): Promise<{ release(): Promise<boolean> } | undefined> {
  const token = randomUUID();
  const taken = await connection.run((client) =>
    client.set(key, token, { PX: Math.ceil(ttlMs), NX: true } as { PX: number }),
  );
  if (taken !== 'OK') return undefined;
  return {
    release: () =>
      connection
        .run((client) => client.eval(RELEASE, { keys: [key], arguments: [token] }))
        .then((deleted) => deleted === 1)
        .catch(() => false),
  };
}

/**
 * A single-Redis lock (`SET <prefix>lock:<name> <token> NX PX ttl`, released by a token-checking
 * script), under `<prefix>lock:`. Not Redlock: it assumes one Redis (or one cluster slot owner).
 */
export function createRedisLock(options: RedisConnectionOptions = {}): RedisLock {
  const connection = new RedisConnection(options);
  const base = `${connection.prefix}lock:`;
  return {
    connection,
    async acquire(name, ttlMs) {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
        throw new TypeError(`ttlMs must be a positive number, got ${ttlMs}.`);
      }
      const lease = await takeLease(connection, base + name, ttlMs).catch(() => undefined);
      return lease === undefined ? undefined : { name, release: lease.release };
    },
    close: () => connection.close(),
  };
}
