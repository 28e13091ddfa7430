import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLock } from './redis-lock.js';
import { cleanPrefix, REDIS_URL, TEST_TIMEOUT_MS, testPrefix } from './test-redis.test-util.js';

const prefix = testPrefix('lock');
afterAll(async () => {
  await cleanPrefix(prefix);
});

describe('redis lock', () => {
  it('lets one instance hold a lock at a time, and frees it on release', async () => {
    const a = createRedisLock({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const b = createRedisLock({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const leases = await Promise.all([a.acquire('bench', 10_000), b.acquire('bench', 10_000)]);
    expect(leases.filter((l) => l !== undefined)).toHaveLength(1);
    const lease = leases.find((l) => l !== undefined);
    expect(await lease?.release()).toBe(true);
    const again = await b.acquire('bench', 10_000);
    expect(again).toBeDefined();
    expect(await again?.release()).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('expires by itself, and a stale lease cannot release the next holder', async () => {
    const lock = createRedisLock({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const first = await lock.acquire('short', 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const second = await lock.acquire('short', 10_000);
    expect(second).toBeDefined();
    expect(await first?.release()).toBe(false);
    expect(await lock.acquire('short', 10_000)).toBeUndefined();
    await second?.release();
    await lock.close();
  });

  it('skips (no lease) when Redis is unreachable, and rejects a bad ttl', async () => {
    const lock = createRedisLock({ url: 'redis://127.0.0.1:1', prefix, timeoutMs: 50 });
    expect(await lock.acquire('bench', 1_000)).toBeUndefined();
    await expect(lock.acquire('bench', 0)).rejects.toThrow(/ttlMs/);
    await lock.close();
  });
});
