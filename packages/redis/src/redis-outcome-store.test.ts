import { runOutcomeStoreContract, sampleOutcome } from '@switchyard/testing/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisOutcomeStore } from './redis-outcome-store.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';
import {
  cleanPrefix,
  REDIS_URL,
  rawClient,
  TEST_TIMEOUT_MS,
  testPrefix,
} from './test-redis.test-util.js';

const prefixes: string[] = [];
const fresh = (name: string) => {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return prefix;
};
afterAll(async () => {
  for (const prefix of prefixes) await cleanPrefix(prefix);
});

runOutcomeStoreContract({
  name: 'redis',
  create: () =>
    createRedisOutcomeStore({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix: fresh('outcomes'),
    }),
});

describe('redis outcome store', () => {
  it('shares outcomes between instances', async () => {
    const prefix = fresh('shared');
    const a = createRedisOutcomeStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const b = createRedisOutcomeStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    await a.add(sampleOutcome({ source: 'from-a', time: 1 }));
    await b.add(sampleOutcome({ source: 'from-b', time: 2 }));
    expect((await b.list()).map((o) => o.source)).toEqual(['from-a', 'from-b']);
    expect(await a.size()).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps the newest maxOutcomes, and lists more than one page', async () => {
    const prefix = fresh('bound');
    const store = createRedisOutcomeStore({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix,
      maxOutcomes: 1_500,
    });
    await Promise.all(
      Array.from({ length: 1_600 }, (_, i) => store.add(sampleOutcome({ time: i, score: 0.5 }))),
    );
    expect(await store.size()).toBe(1_500);
    const listed = await store.list();
    expect(listed).toHaveLength(1_500);
    expect(listed[0]?.time).toBe(100);
    expect(listed.at(-1)?.time).toBe(1_599);
    const raw = await rawClient();
    expect(await raw.type(`${prefix}outcomes`)).toBe('zset');
    await raw.close();
    await store.close();
  });

  it('rejects bad input, and with RedisUnavailableError when Redis is unreachable', async () => {
    expect(() => createRedisOutcomeStore({ maxOutcomes: 0 })).toThrow(/maxOutcomes/);
    const store = createRedisOutcomeStore({
      url: 'redis://127.0.0.1:1',
      prefix: fresh('down'),
      timeoutMs: 50,
    });
    await expect(store.add(sampleOutcome({ time: Number.NaN }))).rejects.toThrow(/finite/);
    await expect(store.add(sampleOutcome())).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(store.list()).rejects.toBeInstanceOf(RedisUnavailableError);
    await store.close();
  });
});
