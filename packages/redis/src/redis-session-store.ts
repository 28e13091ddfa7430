import type { SessionState, SessionStore, WatchableStore } from '@switchyard/core';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

/** The Redis session store, with the state of its connection. */
export interface RedisSessionStore extends SessionStore, WatchableStore {
  get(sessionId: string): Promise<SessionState | undefined>;
  set(sessionId: string, state: SessionState, ttlMs: number): Promise<void>;
  delete(sessionId: string): Promise<void>;
  close(): Promise<void>;
  readonly connection: RedisConnection;
}

/**
 * Session affinity on Redis, shared by every instance and kept across restarts: one `GET` per
 * lookup, one `SET … PX` per write under `<prefix>session:`. While Redis is unreachable, reads
 * and writes go to a local memory map (bounded to `localMax` sessions), so affinity keeps working
 * per instance.
 *
 * @throws {TypeError} for a non-positive timeout, threshold or cooldown.
 */
export function createRedisSessionStore(
  options: RedisConnectionOptions & {
    /** Sessions kept locally for Redis outages. Defaults to 10 000. */
    readonly localMax?: number | undefined;
  } = {},
): RedisSessionStore {
  const connection = new RedisConnection(options);
  const base = `${connection.prefix}session:`;
  const localMax = options.localMax ?? 10_000;
  const local = new Map<string, { state: SessionState; expiresAt: number }>();
  const remember = (id: string, state: SessionState, ttlMs: number) => {
    local.delete(id);
    local.set(id, { state, expiresAt: Date.now() + ttlMs });
    if (local.size > localMax) local.delete(local.keys().next().value as string);
  };
  const recall = (id: string) => {
    const hit = local.get(id);
    return hit === undefined || hit.expiresAt <= Date.now() ? undefined : hit.state;
  };
  return {
    connection,
    backendStatus: () => connection.status(),
    watchBackend: (listener) => connection.watch(listener),
    async get(sessionId) {
      try {
        const raw = await connection.run((client) => client.get(base + sessionId));
        return typeof raw === 'string' ? (JSON.parse(raw) as SessionState) : undefined;
      } catch {
        return recall(sessionId);
      }
    },
    async set(sessionId, state, ttlMs) {
      remember(sessionId, state, ttlMs);
      const px = Math.max(1, Math.ceil(ttlMs));
      await connection
        .run((client) => client.set(base + sessionId, JSON.stringify(state), { PX: px }))
        .catch(() => {});
    },
    async delete(sessionId) {
      local.delete(sessionId);
      await connection.run((client) => client.del(base + sessionId)).catch(() => {});
    },
    close: () => connection.close(),
  };
}
