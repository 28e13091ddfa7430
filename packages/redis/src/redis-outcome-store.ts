import { randomBytes } from 'node:crypto';
import type { Outcome, OutcomeQuery, OutcomeStore, WatchableStore } from '@switchyard/core';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

/** Options of {@link createRedisOutcomeStore}. */
export interface RedisOutcomeStoreOptions extends RedisConnectionOptions {
  /** Most outcomes kept; past it the oldest (by `time`) go first. Defaults to 100 000. */
  readonly maxOutcomes?: number | undefined;
}

/** The Redis outcome store, with the state of its connection. */
export interface RedisOutcomeStore extends OutcomeStore, WatchableStore {
  add(outcome: Outcome): Promise<void>;
  list(query?: OutcomeQuery): Promise<readonly Outcome[]>;
  size(): Promise<number>;
  close(): Promise<void>;
  readonly connection: RedisConnection;
}

// Adds one member and trims the oldest past the bound, atomically; one key (valid on a cluster).
const ADD = `redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1) end
return 1`;

const PAGE = 1_000;
/** Each member is a random tag (so identical outcomes stay apart), a space, then the JSON. */
const TAG_CHARS = 16;

/**
 * Outcomes for the learned router, shared by every instance: one sorted set `<prefix>outcomes`
 * scored by `time` (ms since the epoch). `add` is one script (`ZADD`, then `ZREMRANGEBYRANK` past
 * `maxOutcomes`); `list` reads `ZRANGE … BYSCORE` from `since` in pages of 1 000 (training-time
 * reads, never on the request path) and filters `model` here; `size` is one `ZCARD`.
 *
 * Like the score store it does not hide Redis trouble: a failed call rejects with
 * `RedisUnavailableError` (an outcome added meanwhile is lost; training reads what is stored).
 *
 * @throws {TypeError} for a non-positive timeout, threshold, cooldown or `maxOutcomes`.
 */
export function createRedisOutcomeStore(options: RedisOutcomeStoreOptions = {}): RedisOutcomeStore {
  const max = options.maxOutcomes ?? 100_000;
  if (!Number.isInteger(max) || max < 1) {
    throw new TypeError(`maxOutcomes must be a positive integer, got ${max}.`);
  }
  const connection = new RedisConnection(options);
  const key = `${connection.prefix}outcomes`;
  return {
    connection,
    backendStatus: () => connection.status(),
    watchBackend: (listener) => connection.watch(listener),
    async add(outcome) {
      if (!Number.isFinite(outcome.time)) {
        throw new TypeError(`outcome.time must be a finite number, got ${outcome.time}.`);
      }
      const member = `${randomBytes(TAG_CHARS / 2).toString('hex')} ${JSON.stringify(outcome)}`;
      await connection.run((client) =>
        client.eval(ADD, { keys: [key], arguments: [String(outcome.time), member, String(max)] }),
      );
    },
    async list(query = {}) {
      const min = query.since === undefined ? '-inf' : String(query.since);
      const outcomes: Outcome[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = (await connection.run(async (client) =>
          client.zRange?.(key, min, '+inf', { BY: 'SCORE', LIMIT: { offset, count: PAGE } }),
        )) as string[] | undefined;
        for (const member of page ?? []) {
          const outcome = JSON.parse(member.slice(TAG_CHARS + 1)) as Outcome;
          if (query.model === undefined || outcome.model === query.model) outcomes.push(outcome);
        }
        if (page === undefined || page.length < PAGE) return outcomes;
      }
    },
    async size() {
      return Number(await connection.run(async (client) => client.zCard?.(key)));
    },
    close: () => connection.close(),
  };
}
