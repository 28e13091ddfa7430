import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouterConfig } from '../config/router-config.js';
import { ConfigError } from '../errors/config-error.js';
import type { BenchmarkEvent } from '../events/router-events.js';
import type { ProviderRequest } from '../provider/provider.js';
import { createRouter, type Router } from '../router/router.js';
import type { Clock } from '../time/clock.js';
import { BenchmarkError } from './benchmark-error.js';
import { type BenchmarkSuite, defineBenchmarkSuite } from './benchmark-suite.js';
import { createMemoryScoreStore } from './score-store.js';
import { exactAnswerScorer, keywordsScorer } from './scorers.js';

const suite: BenchmarkSuite = defineBenchmarkSuite({
  version: 'router-1',
  categories: {
    math: {
      weights: { quality: 0.6, speed: 0.2, cost: 0.2 },
      tests: [
        {
          id: 'add',
          prompt: 'What is 2 + 3? Reply with only the number.',
          scorers: [exactAnswerScorer(5)],
        },
        {
          id: 'mul',
          prompt: 'What is 6 * 7? Reply with only the number.',
          scorers: [exactAnswerScorer(42)],
        },
      ],
    },
    general: {
      weights: { quality: 0.4, speed: 0.3, cost: 0.3 },
      tests: [
        { id: 'capital', prompt: 'Capital of France?', scorers: [keywordsScorer(['Paris'])] },
      ],
    },
  },
});

const mathQuestion = { messages: [{ role: 'user' as const, content: 'Solve 2x + 5 = 15 for x.' }] };
const HOUR = 3_600_000;

// Two vendors; `wrongAtMath` says which one answers math wrong right now.
let wrongAtMath: 'alpha' | 'beta';
function vendor(id: 'alpha' | 'beta'): MockProvider {
  return createMockProvider({
    id,
    rules: [
      {
        reply: (request: ProviderRequest) => {
          const text = String(request.messages.at(-1)?.content ?? '');
          if (text.includes('2 + 3')) return wrongAtMath === id ? '7' : '5';
          if (text.includes('6 * 7')) return wrongAtMath === id ? '41' : '42';
          if (text.includes('France')) return 'Paris.';
          return `${id} answers`;
        },
      },
    ],
  });
}

let alpha: MockProvider;
let beta: MockProvider;
let router: Router;
let now: number;
const clock: Clock = {
  now: () => now,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function make(extra: Partial<RouterConfig> = {}): Router {
  router = createRouter({
    providers: [alpha, beta],
    models: { fast: ['alpha:a1', 'beta:b1'] },
    benchmarks: { suite },
    clock,
    ...extra,
  });
  return router;
}

const categoryStep = (answer: { route: { steps: readonly { policy: string; note: string }[] } }) =>
  answer.route.steps.find((s) => s.policy === 'category-scores');

beforeEach(() => {
  now = Date.UTC(2026, 10, 30, 12);
  wrongAtMath = 'alpha';
  alpha = vendor('alpha');
  beta = vendor('beta');
});
afterEach(async () => {
  vi.useRealTimers();
  await router?.close();
});

describe('router.runBenchmarks and the category policy', () => {
  it('routes math to the vendor that answers it right, says so in the trace, and moves when the vendors swap', async () => {
    make();
    const before = await router.chat(mathQuestion);
    expect(before.provider).toBe('alpha');
    expect(categoryStep(before)?.note).toMatch(/no scores for math: no benchmark scores for math/);

    const run = await router.runBenchmarks();
    expect(run.scores.filter((s) => s.category === 'math').map((s) => s.model)).toEqual([
      'beta:b1',
      'alpha:a1',
    ]);
    const after = await router.chat(mathQuestion);
    expect(after.route.category).toBe('math');
    expect(after.provider).toBe('beta');
    expect(categoryStep(after)?.note).toMatch(
      /^best math scorer: beta:b1 \(.*\), from benchmark run bench-/,
    );

    wrongAtMath = 'beta';
    now += 60_000;
    await router.runBenchmarks();
    const swapped = await router.chat(mathQuestion);
    expect(swapped.provider).toBe('alpha');
  });

  it('calls each model through its adapter directly: no cache, no fallback to the other vendor', async () => {
    make({ cache: true, retry: { maxRetries: 0 } });
    alpha.addRule({ fail: { kind: 'server' } });
    const run = await router.runBenchmarks();
    expect(
      run.results.filter((r) => r.model === 'alpha:a1').every((r) => r.failure?.kind === 'server'),
    ).toBe(true);
    // beta was asked each test once, for itself only; nothing was answered from the cache.
    expect(beta.callCount).toBe(3);
    await router.runBenchmarks().catch(() => undefined);
    expect(beta.callCount).toBe(6);
  });

  it('falls back to the static table once the scores are older than maxAgeMs, and says why', async () => {
    make({
      benchmarks: { suite, maxAgeMs: 2 * HOUR },
      routing: { categoryScores: { math: { 'alpha:a1': 0.9, 'beta:b1': 0.1 } } },
    });
    await router.runBenchmarks();
    const fresh = await router.chat(mathQuestion);
    expect(fresh.provider).toBe('beta');
    now += 3 * HOUR;
    const stale = await router.chat(mathQuestion);
    expect(stale.provider).toBe('alpha');
    expect(categoryStep(stale)?.note).toBe(
      'best math scorer: alpha:a1 (0.9), from the static table (benchmark scores for math are stale: 3 h old, max 2 h)',
    );
  });

  it('with no static table, stale scores leave the choice to the next policies', async () => {
    make({ benchmarks: { suite, maxAgeMs: HOUR } });
    await router.runBenchmarks();
    now += 2 * HOUR;
    const stale = await router.chat(mathQuestion);
    expect(stale.provider).toBe('alpha');
    expect(categoryStep(stale)?.note).toMatch(
      /stale: 2 h old, max 1 h, and the static table has none/,
    );
  });

  it('reads scores another instance saved to a shared store, ignoring another suite version', async () => {
    const store = createMemoryScoreStore();
    make({ benchmarks: { suite, store } });
    const other = createRouter({
      providers: [alpha, beta],
      models: { fast: ['alpha:a1', 'beta:b1'] },
      benchmarks: { suite, store },
      clock,
    });
    await other.runBenchmarks({ categories: ['math'] });
    await other.close();
    const report = await router.benchmarks();
    expect(report.scores.map((s) => [s.category, s.model, s.fresh])).toEqual([
      ['math', 'beta:b1', true],
      ['math', 'alpha:a1', true],
    ]);
    expect((await router.chat(mathQuestion)).provider).toBe('beta');

    const v2 = defineBenchmarkSuite({ ...suite, version: 'router-2' });
    const third = createRouter({
      providers: [alpha, beta],
      models: { fast: ['alpha:a1', 'beta:b1'] },
      benchmarks: { suite: v2, store },
      clock,
    });
    expect((await third.benchmarks()).scores.every((s) => !s.fresh)).toBe(true);
    expect((await third.chat(mathQuestion)).provider).toBe('alpha');
    await third.close();
  });

  it('reports the latest scores and their age in router.benchmarks() and router.health()', async () => {
    make();
    expect(router.health().benchmarks).toEqual([]);
    const run = await router.runBenchmarks();
    now += 5 * 60_000;
    const report = await router.benchmarks();
    expect(report).toMatchObject({
      suiteVersion: 'router-1',
      maxAgeMs: 24 * HOUR,
      running: false,
      scheduled: false,
    });
    expect(report.lastRun?.id).toBe(run.id);
    expect(report.scores.every((s) => s.ageMs === 5 * 60_000 && s.fresh)).toBe(true);
    const health = router.health().benchmarks ?? [];
    expect(health.map((h) => h.model).sort()).toEqual(['alpha:a1', 'beta:b1']);
    const beta1 = health.find((h) => h.model === 'beta:b1');
    expect(beta1).toMatchObject({ ageMs: 5 * 60_000, fresh: true });
    expect(Object.keys(beta1?.scores ?? {}).sort()).toEqual(['general', 'math']);
  });

  it('hands every outcome to onOutcome', async () => {
    const outcomes: unknown[] = [];
    make({ benchmarks: { suite, onOutcome: (o) => outcomes.push(o) } });
    await router.runBenchmarks({ models: ['beta:b1'] });
    expect(outcomes).toHaveLength(3);
    expect(outcomes[0]).toMatchObject({
      model: 'beta:b1',
      source: 'benchmark',
      category: 'math',
      score: 1,
    });
  });

  it('runs one at a time', async () => {
    make();
    const first = router.runBenchmarks();
    const second = await router.runBenchmarks().catch((e: unknown) => e);
    expect(BenchmarkError.isInstance(second)).toBe(true);
    expect(second).toMatchObject({ code: 'run_in_progress' });
    await first;
  });

  it('needs the engine on, and refuses bad benchmark options naming each path', async () => {
    router = createRouter({ providers: [alpha], models: { fast: 'alpha:a1' } });
    await expect(router.runBenchmarks()).rejects.toMatchObject({ code: 'not_configured' });
    expect(() => router.scheduleBenchmarks({ every: HOUR })).toThrow(/benchmarks: true/);
    expect((await router.benchmarks()).scores).toEqual([]);
    expect(router.health()).not.toHaveProperty('benchmarks');

    let error: unknown;
    try {
      createRouter({
        providers: [alpha],
        benchmarks: {
          suite: {
            version: 'x',
            categories: { math: { weights: { quality: 1, speed: 1, cost: 0 }, tests: [] } },
          },
          models: ['gamma:g'],
          concurrency: 0,
        },
      });
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
      'benchmarks.concurrency',
      'benchmarks.suite.categories.math.weights',
      'benchmarks.suite.categories.math.tests',
      'benchmarks.models[0]',
    ]);
  });
});

describe('router.scheduleBenchmarks', () => {
  it('runs at once, again when the scores are `every` old, reports as events, and stops on close()', async () => {
    vi.useFakeTimers({ now });
    const events: BenchmarkEvent[] = [];
    router = createRouter({
      providers: [alpha, beta],
      models: { fast: ['alpha:a1', 'beta:b1'] },
      benchmarks: { suite },
      onEvent: (e) => {
        if (e.type === 'benchmark') events.push(e);
      },
    });
    router.scheduleBenchmarks({ every: HOUR });
    await vi.advanceTimersByTimeAsync(10);
    expect(alpha.callCount).toBe(3);
    expect(events.map((e) => [e.phase, e.scheduled])).toEqual([
      ['start', true],
      ['finish', true],
    ]);
    expect((await router.benchmarks()).scheduled).toBe(true);
    await vi.advanceTimersByTimeAsync(HOUR - 100);
    expect(alpha.callCount).toBe(3);
    await vi.advanceTimersByTimeAsync(200);
    expect(alpha.callCount).toBe(6);
    await router.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(alpha.callCount).toBe(6);
  });

  it('reports a refused run as an event and keeps the schedule', async () => {
    vi.useFakeTimers({ now });
    const events: BenchmarkEvent[] = [];
    router = createRouter({
      providers: [alpha, beta],
      models: { fast: ['alpha:a1', 'beta:b1'] },
      prices: { 'alpha:a1': { inputPerMTok: 1_000, outputPerMTok: 1_000 } },
      benchmarks: { suite, spendCapUsd: 0.01 },
      onEvent: (e) => {
        if (e.type === 'benchmark') events.push(e);
      },
    });
    const stop = router.scheduleBenchmarks({ every: HOUR });
    await vi.advanceTimersByTimeAsync(10);
    expect(events.map((e) => e.phase)).toEqual(['start', 'error']);
    expect(events[1]?.message).toMatch(/exceeds its spend cap of \$0.01/);
    expect(alpha.callCount).toBe(0);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(events.filter((e) => e.phase === 'error')).toHaveLength(2);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses an `every` that is not a whole number of milliseconds', () => {
    make();
    expect(() => router.scheduleBenchmarks({ every: 0 })).toThrow(ConfigError);
  });

  it('close() aborts a run in flight, stores nothing, and leaves no timer', async () => {
    const slow = createMockProvider({ id: 'slow', rules: [{ hang: true }] });
    router = createRouter({ providers: [slow], models: { fast: 'slow:s' }, benchmarks: { suite } });
    const running = router.runBenchmarks();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await router.close();
    const run = await running;
    expect(run.stopped).toBe('aborted');
    expect(slow.calls.every((c) => c.outcome === 'aborted')).toBe(true);
  });
});
