import { type ChatRequest, createRouter } from '@switchyard/core';
import { createRedisCacheStore } from '@switchyard/redis';
import { createClient } from 'redis';
import { PROMPT_1KB, zeroLatencyProvider } from './fixtures.js';
import { type Budget, type Measurement, measure } from './harness.js';

/** One row of the Redis section. */
export interface RedisRow {
  readonly name: string;
  readonly m?: Measurement | undefined;
  readonly value?: string | undefined;
}

/**
 * A router whose cache store is Redis alone (no memory layer, so every lookup is a network round
 * trip) against the Redis on `REDIS_URL`: a hit's total time, and a miss's overhead over the same
 * router with no cache. Round trips per request are counted from Redis's own `INFO commandstats`.
 */
export async function redisRows(budget: Budget): Promise<RedisRow[]> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const admin = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 1_000 } });
  admin.on('error', () => {});
  try {
    await admin.connect();
  } catch {
    return [{ name: `Redis-backed cache: not run (no Redis at ${url})` }];
  }
  const prefix = `switchyard-bench:${process.pid}:`;
  const store = createRedisCacheStore({ url, prefix, timeoutMs: 1_000 });
  const cached = createRouter({
    providers: [zeroLatencyProvider('openai')],
    models: { fast: ['openai:gpt-4o-mini'] },
    cache: { store },
  });
  const uncached = createRouter({
    providers: [zeroLatencyProvider('openai')],
    models: { fast: ['openai:gpt-4o-mini'] },
  });
  const ask = (content: string): ChatRequest => ({
    messages: [{ role: 'user', content }],
    model: 'fast',
  });
  const calls = async () => {
    let total = 0;
    for (const line of (await admin.info('commandstats')).split('\n')) {
      const match = /^cmdstat_[^:]+:calls=(\d+)/.exec(line.trim());
      if (match !== null) total += Number(match[1]);
    }
    return total;
  };
  // Round trips of `n` requests, less the INFO call that reads the count.
  const tripsPer = async (fn: (i: number) => Promise<unknown>, n: number) => {
    const before = await calls();
    for (let i = 0; i < n; i++) await fn(i);
    return (await calls()) - before - 1;
  };

  await cached.chat(ask(PROMPT_1KB));
  const hit = await measure(() => cached.chat(ask(PROMPT_1KB)), budget);
  const hitTrips = (await tripsPer(() => cached.chat(ask(PROMPT_1KB)), 100)) / 100;
  const miss = await measure((i) => cached.chat(ask(`${PROMPT_1KB} miss ${i}`)), budget);
  const missTrips = (await tripsPer((i) => cached.chat(ask(`${PROMPT_1KB} trip ${i}`)), 100)) / 100;
  const none = await measure((i) => uncached.chat(ask(`${PROMPT_1KB} none ${i}`)), budget);

  await Promise.all([cached.close(), uncached.close()]);
  await store.clear();
  await store.close();
  await admin.close();
  return [
    { name: 'Redis-backed cache hit (total)', m: hit, value: `${hitTrips} round trips` },
    {
      name: 'Redis-backed cache miss: overhead over no cache',
      value: `${(miss.median - none.median).toFixed(1)} µs, ${missTrips} round trips`,
    },
  ];
}
