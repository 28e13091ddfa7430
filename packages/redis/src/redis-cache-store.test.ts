import { createLayeredCacheStore, createMemoryCacheStore } from '@switchyard/core';
import { runCacheStoreContract, sampleCacheEntry } from '@switchyard/testing/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisCacheStore } from './redis-cache-store.js';
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

runCacheStoreContract({
  name: 'redis',
  create: () =>
    createRedisCacheStore({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix: fresh('contract'),
    }),
});
runCacheStoreContract({
  name: 'layered memory over redis',
  create: () =>
    createLayeredCacheStore({
      memory: createMemoryCacheStore(),
      shared: createRedisCacheStore({
        url: REDIS_URL,
        timeoutMs: TEST_TIMEOUT_MS,
        prefix: fresh('layered'),
      }),
    }),
});

describe('redis cache store', () => {
  it('sets the TTL in Redis and keeps every key under the prefix', async () => {
    const prefix = fresh('ttl');
    const store = createRedisCacheStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    await store.set('k', sampleCacheEntry('hello'), 30_000);
    const raw = await rawClient();
    const ttl = await raw.pTTL(`${prefix}cache:k`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await raw.close();
    await store.close();
  });

  it('compresses entries above the threshold and leaves small ones plain', async () => {
    const prefix = fresh('gzip');
    const store = createRedisCacheStore({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix,
      compressAboveChars: 500,
    });
    const big = sampleCacheEntry('word '.repeat(2_000));
    await store.set('big', big, 60_000);
    await store.set('small', sampleCacheEntry('hi'), 60_000);
    const raw = await rawClient();
    const bigRaw = (await raw.get(`${prefix}cache:big`)) as string;
    const smallRaw = (await raw.get(`${prefix}cache:small`)) as string;
    await raw.close();
    expect(bigRaw[0]).toBe('z');
    expect(bigRaw.length).toBeLessThan(JSON.stringify(big).length / 4);
    expect(smallRaw[0]).toBe('j');
    expect(await store.get('big')).toEqual(big);
    await store.close();
  });

  it('answers a lookup in one round trip', async () => {
    const prefix = fresh('trips');
    const store = createRedisCacheStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    await store.set('k', sampleCacheEntry('x'), 60_000);
    await store.get('k'); // connects
    const raw = await rawClient();
    const before = commandCalls(await raw.info('commandstats'));
    await store.get('k');
    await store.get('absent');
    const after = commandCalls(await raw.info('commandstats'));
    await raw.close();
    // INFO itself adds one call; two lookups add exactly two GETs and nothing else of ours.
    expect(after.get - before.get).toBe(2);
    expect(after.total - before.total).toBe(3);
    await store.close();
  });

  it('counts its entries and their stored bytes', async () => {
    const prefix = fresh('stats');
    const store = createRedisCacheStore({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix,
      compressAboveChars: 500,
    });
    expect(await store.stats()).toEqual({ entries: 0, bytes: 0, evictions: 0 });
    const small = sampleCacheEntry('hi');
    await store.set('a', small, 60_000);
    await store.set('b', sampleCacheEntry('word '.repeat(2_000)), 60_000);
    const other = createRedisCacheStore({
      url: REDIS_URL,
      timeoutMs: TEST_TIMEOUT_MS,
      prefix: fresh('stats-other'),
    });
    await other.set('c', small, 60_000); // another prefix: not counted
    const raw = await rawClient();
    const stored =
      (await raw.strLen(`${prefix}cache:a`)) +
      (await raw.strLen(`${prefix}cache:b`)) +
      `${prefix}cache:a`.length * 2;
    await raw.close();
    expect(await store.stats()).toEqual({ entries: 2, bytes: stored, evictions: 0 });
    // The compressed entry counts as stored, far below its JSON.
    expect(stored).toBeLessThan(JSON.stringify(small).length + 2_000);
    await store.delete('a');
    expect((await store.stats()).entries).toBe(1);
    await Promise.all([store.close(), other.close()]);
  });

  it('rejects stats() with RedisUnavailableError when Redis is unreachable', async () => {
    const store = createRedisCacheStore({
      url: 'redis://127.0.0.1:1',
      prefix: fresh('stats-down'),
      timeoutMs: 50,
    });
    await expect(store.stats()).rejects.toBeInstanceOf(RedisUnavailableError);
    await store.close();
  });

  it('reads a corrupt value as a miss', async () => {
    const prefix = fresh('corrupt');
    const store = createRedisCacheStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    const raw = await rawClient();
    await raw.set(`${prefix}cache:bad`, 'znot-gzip');
    await raw.close();
    expect(await store.get('bad')).toBeUndefined();
    await store.close();
  });
});

function commandCalls(info: string): { get: number; total: number } {
  let get = 0;
  let total = 0;
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([a-z|]+):calls=(\d+)/.exec(line.trim());
    if (match === null) continue;
    total += Number(match[2]);
    if (match[1] === 'get') get = Number(match[2]);
  }
  return { get, total };
}
