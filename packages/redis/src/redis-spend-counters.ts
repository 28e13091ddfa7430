import {
  createMemorySpendCounters,
  type SpendCounterStore,
  type WatchableStore,
} from '@switchyard/core';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

/** Redis spend counters, with the state of their connection. */
export interface RedisSpendCounters extends SpendCounterStore, WatchableStore {
  get(key: string): Promise<number>;
  add(key: string, amountUsd: number, ttlMs: number): Promise<number>;
  close(): Promise<void>;
  readonly connection: RedisConnection;
}

// One key per call, so the script is valid on a cluster. The TTL only ever grows.
const ADD = `local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return total`;

/**
 * Budget spend counted in Redis so that a limit holds across instances: each `add` is one atomic
 * Lua script (`INCRBYFLOAT`, then `PEXPIRE` when the key would expire sooner), one round trip.
 * Keys live under `<prefix>spend:`; they carry their period, so old ones expire by themselves.
 *
 * Overshoot: the router checks a budget before a call and adds its cost after it, so N calls that
 * pass the check at the same time on any instances can together overshoot by up to N calls' cost.
 *
 * While Redis is unreachable, counting continues in local memory (this instance's spend only) and
 * totals are local; spend made during the outage is not added to Redis afterwards.
 *
 * @throws {TypeError} for a non-positive timeout, threshold or cooldown.
 */
export function createRedisSpendCounters(options: RedisConnectionOptions = {}): RedisSpendCounters {
  const connection = new RedisConnection(options);
  const base = `${connection.prefix}spend:`;
  const local = createMemorySpendCounters();
  return {
    connection,
    backendStatus: () => connection.status(),
    watchBackend: (listener) => connection.watch(listener),
    async get(key) {
      try {
        const raw = await connection.run((client) => client.get(base + key));
        return raw === null || raw === undefined ? 0 : Number(raw);
      } catch {
        return local.get(key) as number;
      }
    },
    async add(key, amountUsd, ttlMs) {
      if (!Number.isFinite(amountUsd))
        throw new TypeError(`amountUsd must be finite, got ${amountUsd}.`);
      const localTotal = local.add(key, amountUsd, ttlMs) as number;
      try {
        const total = await connection.run((client) =>
          client.eval(ADD, {
            keys: [base + key],
            arguments: [String(amountUsd), String(Math.max(1, Math.ceil(ttlMs)))],
          }),
        );
        return Number(total);
      } catch {
        return localTotal;
      }
    },
    close: () => connection.close(),
  };
}
