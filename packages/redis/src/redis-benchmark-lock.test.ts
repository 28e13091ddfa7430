import {
  type BenchmarkEvent,
  type BenchmarkLock,
  createRouter,
  defineBenchmarkSuite,
  exactAnswerScorer,
} from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLock } from './redis-lock.js';
import { createRedisScoreStore } from './redis-score-store.js';
import { cleanPrefix, REDIS_URL, TEST_TIMEOUT_MS, testPrefix } from './test-redis.test-util.js';

const prefix = testPrefix('bench-lock');
afterAll(async () => {
  await cleanPrefix(prefix);
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const suite = defineBenchmarkSuite({
  version: 'lock-1',
  categories: {
    math: {
      weights: { quality: 1, speed: 0, cost: 0 },
      tests: [{ id: 'add', prompt: 'What is 2 + 3?', scorers: [exactAnswerScorer(5)] }],
    },
  },
});

/** One app instance: a router whose scheduled benchmarks share the score store and the lock. */
function instance(attempts: string[]) {
  const store = createRedisScoreStore({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
  const redisLock = createRedisLock({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
  // The real Redis lock, watched: the test waits until both instances have tried it.
  const lock: BenchmarkLock = {
    async acquire(name, ttlMs) {
      const lease = await redisLock.acquire(name, ttlMs);
      attempts.push(lease === undefined ? 'refused' : 'taken');
      return lease;
    },
  };
  // The vendor never answers: the run lasts its test timeout, so the two ticks overlap.
  const vendor = createMockProvider({ id: 'v', rules: [{ hang: true }] });
  const router = createRouter({
    providers: [vendor],
    models: { fast: ['v:m'] },
    benchmarks: { suite, store, lock, testTimeoutMs: 1_000 },
  });
  const events: BenchmarkEvent[] = [];
  router.on('benchmark', (event) => {
    events.push(event);
  });
  const close = async () => {
    await router.close();
    await Promise.all([store.close(), redisLock.close()]);
  };
  return { router, vendor, events, close };
}

describe('the Redis lock in the benchmark scheduler', () => {
  it('lets one of two instances run a scheduled benchmark; the other skips it', async () => {
    const attempts: string[] = [];
    const a = instance(attempts);
    const b = instance(attempts);
    a.router.scheduleBenchmarks({ every: 3_600_000 });
    b.router.scheduleBenchmarks({ every: 3_600_000 });
    const deadline = Date.now() + 15_000;
    const phases = () => [...a.events, ...b.events].map((e) => e.phase);
    while (attempts.length < 2 || !phases().some((p) => p === 'finish' || p === 'error')) {
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(20);
    }
    expect([...attempts].sort()).toEqual(['refused', 'taken']);
    expect(phases().filter((p) => p === 'start')).toHaveLength(1);
    const skipped = [...a.events, ...b.events].filter((e) => e.phase === 'skipped');
    expect(skipped.map((e) => e.message)).toEqual(['another instance holds the benchmark lock']);
    // One run's one test reached a vendor, from one instance.
    expect(a.vendor.callCount + b.vendor.callCount).toBe(1);
    // The lock is given back once the run has ended (else it would be held for an hour).
    const after = createRedisLock({ url: REDIS_URL, timeoutMs: TEST_TIMEOUT_MS, prefix });
    let lease = await after.acquire('benchmark', 1_000);
    while (lease === undefined) {
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(20);
      lease = await after.acquire('benchmark', 1_000);
    }
    await lease?.release();
    await after.close();
    await Promise.all([a.close(), b.close()]);
  }, 30_000);
});
