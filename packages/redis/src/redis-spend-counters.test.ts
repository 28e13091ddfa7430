import { afterAll, describe, expect, it } from 'vitest';
import { createRedisSpendCounters } from './redis-spend-counters.js';
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

describe('redis spend counters', () => {
  it('adds atomically across instances', async () => {
    const prefix = fresh('spend');
    const a = createRedisSpendCounters({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const b = createRedisSpendCounters({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? a : b).add('day:2026-11-30', 0.25, 60_000),
      ),
    );
    expect(await a.get('day:2026-11-30')).toBeCloseTo(12.5, 9);
    expect(await b.get('day:2026-11-30')).toBeCloseTo(12.5, 9);
    expect(await b.get('day:other')).toBe(0);
    await a.close();
    await b.close();
  });

  it('sets the expiry once and only ever lengthens it', async () => {
    const prefix = fresh('ttl');
    const store = createRedisSpendCounters({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    await store.add('k', 1, 60_000);
    await store.add('k', 1, 1_000);
    const raw = await rawClient();
    expect(await raw.pTTL(`${prefix}spend:k`)).toBeGreaterThan(50_000);
    await raw.close();
    await store.close();
  });

  it('counts locally while Redis is unreachable', async () => {
    const store = createRedisSpendCounters({
      url: 'redis://127.0.0.1:1',
      prefix: fresh('down'),
      timeoutMs: 50,
    });
    expect(await store.add('k', 2, 60_000)).toBe(2);
    expect(await store.add('k', 3, 60_000)).toBe(5);
    expect(await store.get('k')).toBe(5);
    await store.close();
  });

  it('rejects a non-finite amount', async () => {
    const store = createRedisSpendCounters({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix: fresh('bad'),
    });
    await expect(store.add('k', Number.NaN, 1_000)).rejects.toThrow(/finite/);
    await store.close();
  });
});
