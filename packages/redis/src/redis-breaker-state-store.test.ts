import { afterAll, describe, expect, it } from 'vitest';
import { createRedisBreakerStateStore } from './redis-breaker-state-store.js';
import {
  cleanPrefix,
  REDIS_URL,
  rawClient,
  TEST_TIMEOUT_MS,
  testPrefix,
} from './test-redis.test-util.js';

const prefix = testPrefix('trials');
afterAll(async () => {
  await cleanPrefix(prefix);
});

describe('redis breaker-state store: the half-open trial slot', () => {
  it('gives the slot to one instance at a time, for the lease, until released', async () => {
    const options = { url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix, trialLeaseMs: 5_000 };
    const a = createRedisBreakerStateStore(options);
    const b = createRedisBreakerStateStore(options);
    const [first, second] = await Promise.all([
      a.claimTrial('openai:gpt-4o'),
      b.claimTrial('openai:gpt-4o'),
    ]);
    expect([first, second].filter((lease) => lease !== undefined)).toHaveLength(1);
    // Another candidate has its own slot.
    expect(await b.claimTrial('anthropic:claude')).toBeDefined();
    const raw = await rawClient();
    const ttl = await raw.pTTL(`${prefix}trial:openai:gpt-4o`);
    expect(ttl).toBeGreaterThan(3_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await (first ?? second)?.release();
    expect(await raw.exists(`${prefix}trial:openai:gpt-4o`)).toBe(0);
    await raw.close();
    const next = await b.claimTrial('openai:gpt-4o');
    expect(next).toBeDefined();
    await next?.release();
    await Promise.all([a.close(), b.close()]);
  });

  it('lets trials run locally when Redis is unreachable, and rejects a bad lease', async () => {
    const store = createRedisBreakerStateStore({
      url: 'redis://127.0.0.1:1',
      prefix,
      timeoutMs: 50,
    });
    const lease = await store.claimTrial('openai:gpt-4o');
    expect(lease).toBeDefined();
    await lease?.release();
    await store.close();
    expect(() => createRedisBreakerStateStore({ trialLeaseMs: 0 })).toThrow(/trialLeaseMs/);
  });
});
