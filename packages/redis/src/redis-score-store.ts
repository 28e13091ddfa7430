import type { ModelCategoryScore, ScoreStore, WatchableStore } from '@switchyard/core';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

/** The Redis score store, with the state of its connection. */
export interface RedisScoreStore extends ScoreStore, WatchableStore {
  save(scores: readonly ModelCategoryScore[]): Promise<void>;
  latest(): Promise<readonly ModelCategoryScore[]>;
  close(): Promise<void>;
  readonly connection: RedisConnection;
}

// Keeps a score only when it is newer than the one held: an old run saved late never wins.
// One hash, so one key per script (valid on a cluster).
const SAVE = `for i = 1, #ARGV, 3 do
  local held = redis.call('HGET', KEYS[1], ARGV[i])
  local newer = true
  if held then newer = tonumber(cjson.decode(held).at) < tonumber(ARGV[i + 1]) end
  if newer then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2]) end
end
return 1`;

/**
 * Benchmark scores shared by every instance: one hash `<prefix>scores` with one field per model
 * and category holding its newest score. `save` is one atomic script; `latest` one `HGETALL`
 * (the hash holds models × categories entries; the router calls it after runs and scheduler
 * ticks, never on the request path). Unlike the cache stores it does not hide Redis trouble:
 * a failed call rejects with `RedisUnavailableError`, so the router keeps the scores it has.
 *
 * @throws {TypeError} for a non-positive timeout, threshold or cooldown.
 */
export function createRedisScoreStore(options: RedisConnectionOptions = {}): RedisScoreStore {
  const connection = new RedisConnection(options);
  const key = `${connection.prefix}scores`;
  return {
    connection,
    backendStatus: () => connection.status(),
    watchBackend: (listener) => connection.watch(listener),
    async save(scores) {
      if (scores.length === 0) return;
      const args: string[] = [];
      for (const score of scores) {
        args.push(`${score.category}\u0000${score.model}`, String(score.at), JSON.stringify(score));
      }
      await connection.run((client) => client.eval(SAVE, { keys: [key], arguments: args }));
    },
    async latest() {
      const all = (await connection.run(async (client) => client.hGetAll?.(key))) ?? {};
      return Object.values(all as Record<string, string>).map(
        (raw) => JSON.parse(raw) as ModelCategoryScore,
      );
    },
    close: () => connection.close(),
  };
}
