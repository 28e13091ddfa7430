import { runSessionStoreContract } from '@switchyard/testing/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisSessionStore } from './redis-session-store.js';
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

runSessionStoreContract({
  name: 'redis',
  create: () =>
    createRedisSessionStore({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix: fresh('session'),
    }),
});

describe('redis session store', () => {
  it('shares a session between two stores and keeps it across a restart', async () => {
    const prefix = fresh('shared');
    const a = createRedisSessionStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const state = {
      provider: 'anthropic',
      candidate: 'anthropic:x',
      category: 'code',
      switches: 0,
      updatedAt: 1,
    };
    await a.set('s', state, 60_000);
    await a.close();
    const b = createRedisSessionStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    expect(await b.get('s')).toEqual(state);
    await b.close();
  });

  it('keeps affinity locally while Redis is unreachable', async () => {
    const store = createRedisSessionStore({
      url: 'redis://127.0.0.1:1',
      prefix: fresh('down'),
      timeoutMs: 50,
    });
    const state = {
      provider: 'openai',
      candidate: 'openai:y',
      category: 'chat',
      switches: 1,
      updatedAt: 2,
    };
    await store.set('s', state, 60_000);
    expect(await store.get('s')).toEqual(state);
    await store.close();
  });
});
