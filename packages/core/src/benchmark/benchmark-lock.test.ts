import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchmarkEvent } from '../events/router-events.js';
import { createRouter, type Router } from '../router/router.js';
import type { BenchmarkLock } from './benchmark-options.js';
import { defineBenchmarkSuite } from './benchmark-suite.js';
import { createMemoryScoreStore, type ScoreStore } from './score-store.js';
import { exactAnswerScorer } from './scorers.js';

const suite = defineBenchmarkSuite({
  version: 'lock-1',
  categories: {
    math: {
      weights: { quality: 1, speed: 0, cost: 0 },
      tests: [{ id: 'add', prompt: 'What is 2 + 3?', scorers: [exactAnswerScorer(5)] }],
    },
  },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lock in memory, as a shared one behaves: one holder at a time, given back on release. */
function memoryLock(log: string[]): BenchmarkLock {
  let held: string | undefined;
  return {
    async acquire(name, ttlMs) {
      log.push(`acquire ${name} ${ttlMs}`);
      if (held !== undefined) return undefined;
      held = name;
      return {
        release() {
          log.push('release');
          held = undefined;
        },
      };
    },
  };
}

const routers: Router[] = [];
afterEach(async () => {
  for (const router of routers.splice(0)) await router.close();
});

function instance(store: ScoreStore, lock: BenchmarkLock | undefined) {
  // The vendor never answers: a run lasts its test timeout, so two instances' ticks overlap.
  const vendor = createMockProvider({ id: 'v', rules: [{ hang: true }] });
  const router = createRouter({
    providers: [vendor],
    models: { fast: ['v:m'] },
    benchmarks: { suite, store, testTimeoutMs: 200, ...(lock !== undefined && { lock }) },
  });
  routers.push(router);
  const events: BenchmarkEvent[] = [];
  router.on('benchmark', (event) => {
    events.push(event);
  });
  return { router, vendor, events };
}

async function scheduleBoth(lock: BenchmarkLock | undefined) {
  const store = createMemoryScoreStore();
  const a = instance(store, lock);
  const b = instance(store, lock);
  a.router.scheduleBenchmarks({ every: 60_000 });
  b.router.scheduleBenchmarks({ every: 60_000 });
  const all = () => [...a.events, ...b.events];
  while (all().filter((e) => e.phase === 'finish').length === 0) await sleep(10);
  await sleep(20);
  return { calls: a.vendor.callCount + b.vendor.callCount, events: all() };
}

describe('benchmark lock', () => {
  it('runs a scheduled benchmark in one instance at a time; the other skips its turn', async () => {
    const log: string[] = [];
    const { calls, events } = await scheduleBoth(memoryLock(log));
    expect(calls).toBe(1);
    expect(events.filter((e) => e.phase === 'start')).toHaveLength(1);
    expect(events.filter((e) => e.phase === 'skipped').map((e) => e.message)).toEqual([
      'another instance holds the benchmark lock',
    ]);
    // Leased for the schedule's period, and given back after the run.
    expect(log).toEqual(['acquire benchmark 60000', 'acquire benchmark 60000', 'release']);
  });

  it('runs in both instances without a lock', async () => {
    const { calls, events } = await scheduleBoth(undefined);
    expect(calls).toBe(2);
    expect(events.filter((e) => e.phase === 'start')).toHaveLength(2);
  });

  it('refuses a lock without acquire()', () => {
    expect(() =>
      createRouter({
        providers: [createMockProvider({ id: 'v' })],
        models: { fast: ['v:m'] },
        benchmarks: { lock: {} as BenchmarkLock },
      }),
    ).toThrow(/benchmarks\.lock.*acquire\(\)/s);
  });
});
