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
      const token = randomUUID();
      const key = base + name;
      let taken: unknown;
      try {
        taken = await connection.run((client) =>
          client.set(key, token, { PX: Math.ceil(ttlMs), NX: true } as { PX: number }),
        );
      } catch {
        return undefined;
      }
      if (taken !== 'OK') return undefined;
      return {
        name,
        release: () =>
          connection
            .run((client) => client.eval(RELEASE, { keys: [key], arguments: [token] }))
            .then((deleted) => deleted === 1)
            .catch(() => false),
      };
    },
    close: () => connection.close(),
  };
}
