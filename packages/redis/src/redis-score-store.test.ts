import { runScoreStoreContract, sampleScore } from '@switchyard/testing/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisScoreStore } from './redis-score-store.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';
import { cleanPrefix, REDIS_URL, TEST_TIMEOUT_MS, testPrefix } from './test-redis.test-util.js';

const prefixes: string[] = [];
const fresh = (name: string) => {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return prefix;
};
afterAll(async () => {
  for (const prefix of prefixes) await cleanPrefix(prefix);
});

runScoreStoreContract({
  name: 'redis',
  create: () =>
    createRedisScoreStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix: fresh('scores') }),
});

describe('redis score store', () => {
  it('shares scores between instances', async () => {
    const prefix = fresh('shared');
    const a = createRedisScoreStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const b = createRedisScoreStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    await a.save([sampleScore({ runId: 'from-a' })]);
    expect((await b.latest()).map((s) => s.runId)).toEqual(['from-a']);
    await Promise.all([a.close(), b.close()]);
  });

  it('rejects with RedisUnavailableError when Redis is unreachable', async () => {
    const store = createRedisScoreStore({
      url: 'redis://127.0.0.1:1',
      prefix: fresh('down'),
      timeoutMs: 50,
    });
    await expect(store.latest()).rejects.toBeInstanceOf(RedisUnavailableError);
    await store.close();
  });
});
