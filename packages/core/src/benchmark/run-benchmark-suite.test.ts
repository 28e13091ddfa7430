import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import type { Provider, ProviderRequest } from '../provider/provider.js';
import { createPriceTable } from '../usage/price-table.js';
import { scoreCategory } from './aggregate-scores.js';
import { BenchmarkError } from './benchmark-error.js';
import type { BenchmarkTestResult } from './benchmark-results.js';
import { type BenchmarkSuite, defineBenchmarkSuite } from './benchmark-suite.js';
import { estimateBenchmarkRun, runBenchmarkSuite } from './run-benchmark-suite.js';
import { customScorer, exactAnswerScorer, keywordsScorer } from './scorers.js';

const suite: BenchmarkSuite = defineBenchmarkSuite({
  version: 'test-1',
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

const lastUser = (request: ProviderRequest) => String(request.messages.at(-1)?.content ?? '');
const right = (request: ProviderRequest) => {
  const text = lastUser(request);
  return text.includes('2 + 3') ? '5' : text.includes('6 * 7') ? '42' : 'Paris.';
};

afterEach(() => {
  vi.useRealTimers();
});

describe('runBenchmarkSuite', () => {
  it('scores a model that answers math wrong below one that answers right, and a slow one lower on speed', async () => {
    // Fake timers: the mocks' latencies (40 ms and 5 ms) are measured exactly.
    vi.useFakeTimers();
    const good = createMockProvider({ id: 'good', latencyMs: 40, rules: [{ reply: right }] });
    const wrong = createMockProvider({
      id: 'wrong',
      latencyMs: 5,
      rules: [{ when: { lastUserMessage: /\d/ }, reply: '7' }, { reply: 'Paris.' }],
    });
    const running = runBenchmarkSuite({
      suite,
      providers: [good, wrong],
      models: ['good:m', 'wrong:m'],
    });
    await vi.advanceTimersByTimeAsync(200);
    const run = await running;
    const math = run.scores.filter((s) => s.category === 'math');
    expect(math.map((s) => [s.model, s.meanQuality])).toEqual([
      ['good:m', 100],
      ['wrong:m', 0],
    ]);
    const general = run.scores.filter((s) => s.category === 'general');
    // Both right on general: the faster one wins there.
    expect(general.map((s) => s.model)).toEqual(['wrong:m', 'good:m']);
    expect(general.map((s) => [s.p50LatencyMs, s.speedScore])).toEqual([
      [5, 1],
      [40, 0.125],
    ]);
    expect(run.results).toHaveLength(6);
    expect(run.results.every((r) => r.ran && r.failure === undefined)).toBe(true);
    expect(good.calls[0]?.request).toMatchObject({ model: 'm', maxTokens: 256, temperature: 0 });
  });

  it('records every test as an outcome with the shared Outcome shape', async () => {
    const good = createMockProvider({ id: 'good', rules: [{ reply: right }] });
    const run = await runBenchmarkSuite({
      suite,
      providers: [good],
      models: ['good:m'],
      categories: ['math'],
    });
    expect(run.outcomes).toEqual([
      {
        prompt: 'What is 2 + 3? Reply with only the number.',
        model: 'good:m',
        score: 1,
        costUsd: undefined,
        latencyMs: expect.any(Number),
        time: expect.any(Number),
        category: 'math',
        source: 'benchmark',
      },
      expect.objectContaining({ prompt: expect.stringContaining('6 * 7'), score: 1 }),
    ]);
  });

  it('never has more calls in flight than the concurrency bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const mock = createMockProvider({ id: 'p', latencyMs: 10, rules: [{ reply: right }] });
    const counting: Provider = {
      ...mock,
      id: 'p',
      chat: async (request, options) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await mock.chat(request, options);
        } finally {
          inFlight--;
        }
      },
    };
    const models = ['p:a', 'p:b', 'p:c', 'p:d'];
    const run = await runBenchmarkSuite({ suite, providers: [counting], models, concurrency: 2 });
    expect(run.results).toHaveLength(12);
    expect(peak).toBe(2);
  });

  it('gives a test that outlives its timeout a 0 with kind timeout, aborts the call, and goes on', async () => {
    vi.useFakeTimers();
    const slow = createMockProvider({ id: 'slow', rules: [{ hang: true }] });
    const fast = createMockProvider({ id: 'fast', rules: [{ reply: right }] });
    const running = runBenchmarkSuite({
      suite,
      providers: [slow, fast],
      models: ['slow:m', 'fast:m'],
      categories: ['general'],
      testTimeoutMs: 5_000,
    });
    await vi.advanceTimersByTimeAsync(5_000);
    const run = await running;
    const timedOut = run.results.find((r) => r.model === 'slow:m');
    expect(timedOut).toMatchObject({
      quality: 0,
      ran: true,
      latencyMs: 5_000,
      failure: { kind: 'timeout' },
    });
    expect(slow.calls[0]?.outcome).toBe('aborted');
    expect(run.scores.map((s) => s.model)).toEqual(['fast:m', 'slow:m']);
    expect(run.scores[1]).toMatchObject({ meanQuality: 0, speedScore: 0, failures: 1 });
  });

  it('scores a failing vendor 0 with the error kind, and completes the run', async () => {
    const down = createMockProvider({ id: 'down', rules: [{ fail: { kind: 'server' } }] });
    const up = createMockProvider({ id: 'up', rules: [{ reply: right }] });
    const run = await runBenchmarkSuite({
      suite,
      providers: [down, up],
      models: ['down:m', 'up:m'],
    });
    const failed = run.results.filter((r) => r.model === 'down:m');
    expect(failed).toHaveLength(3);
    expect(failed.every((r) => r.quality === 0 && r.failure?.kind === 'server')).toBe(true);
    expect(run.results.filter((r) => r.model === 'up:m').every((r) => r.quality === 100)).toBe(
      true,
    );
  });

  it('gives a test whose scorer throws a 0 with the reason, and runs the rest', async () => {
    const throwing = defineBenchmarkSuite({
      version: 't',
      categories: {
        general: {
          weights: { quality: 1, speed: 0, cost: 0 },
          tests: [
            {
              id: 'boom',
              prompt: 'a',
              scorers: [
                customScorer('broken', () => {
                  throw new Error('no idea');
                }),
              ],
            },
            { id: 'nan', prompt: 'b', scorers: [customScorer('nan', () => Number.NaN)] },
            { id: 'ok', prompt: 'c', scorers: [customScorer('fine', () => 80)] },
          ],
        },
      },
    });
    const p = createMockProvider({ id: 'p' });
    const run = await runBenchmarkSuite({ suite: throwing, providers: [p], models: ['p:m'] });
    expect(
      run.results.map((r) => [r.testId, r.quality, r.failure?.kind, r.failure?.message]),
    ).toEqual([
      ['boom', 0, 'scorer', 'scorer "broken" failed: no idea'],
      ['nan', 0, 'scorer', 'scorer "nan" failed: returned NaN, not a quality from 0 to 100'],
      ['ok', 80, undefined, undefined],
    ]);
    expect(run.scores[0]?.meanQuality).toBeCloseTo(80 / 3, 3);
  });

  it('never puts an API key in a failure message', async () => {
    const key = 'sk-proj-abcdefghijklmnop1234';
    const leaky: Provider = {
      ...createMockProvider({ id: 'p' }),
      id: 'p',
      chat: () => Promise.reject(new Error(`401: incorrect API key ${key}`)),
    };
    const judge = customScorer('leaky', () => {
      throw new Error(`judge rejected Bearer ${key}`);
    });
    const keyed = defineBenchmarkSuite({
      version: 'k',
      categories: {
        general: {
          weights: { quality: 1, speed: 0, cost: 0 },
          tests: [{ id: 'a', prompt: 'a', scorers: [judge] }],
        },
      },
    });
    const failed = await runBenchmarkSuite({ suite: keyed, providers: [leaky], models: ['p:m'] });
    const scored = await runBenchmarkSuite({
      suite: keyed,
      providers: [createMockProvider({ id: 'p' })],
      models: ['p:m'],
    });
    for (const run of [failed, scored]) {
      expect(run.results[0]?.failure?.message).toContain('[REDACTED]');
      expect(JSON.stringify(run)).not.toContain(key);
    }
  });

  it('refuses a run whose estimate exceeds the spend cap, before any call', async () => {
    const p = createMockProvider({ id: 'p' });
    const prices = createPriceTable({
      prices: { 'p:m': { inputPerMTok: 10, outputPerMTok: 1_000 } },
    });
    const estimate = estimateBenchmarkRun({ suite, models: ['p:m'], prices });
    expect(estimate.calls).toBe(3);
    // Each answer may use its whole maxTokens (256 tokens at $1000 per million).
    expect(estimate.estimateUsd).toBeGreaterThan(3 * 0.256);
    const error = await runBenchmarkSuite({
      suite,
      providers: [p],
      models: ['p:m'],
      prices,
      spendCapUsd: 0.5,
    }).catch((e: unknown) => e);
    expect(BenchmarkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'over_spend_cap',
      spendCapUsd: 0.5,
      estimateUsd: estimate.estimateUsd,
    });
    expect(p.callCount).toBe(0);
  });

  it('starts no further test once spend reaches the cap', async () => {
    // Answers far longer than the estimate assumed: the first call alone spends the cap.
    const p = createMockProvider({
      id: 'p',
      rules: [{ reply: { text: '5', usage: { inputTokens: 10, outputTokens: 1_000_000 } } }],
    });
    const prices = createPriceTable({ prices: { 'p:m': { inputPerMTok: 0, outputPerMTok: 1 } } });
    const run = await runBenchmarkSuite({
      suite,
      providers: [p],
      models: ['p:m'],
      prices,
      spendCapUsd: 0.5,
      concurrency: 1,
    });
    expect(p.callCount).toBe(1);
    expect(run.stopped).toBe('spend-cap');
    expect(run.spentUsd).toBe(1);
    expect(run.results.map((r) => [r.ran, r.failure?.kind])).toEqual([
      [true, undefined],
      [false, 'spend-cap'],
      [false, 'spend-cap'],
    ]);
    expect(run.outcomes).toHaveLength(1);
  });

  it('refuses unknown models, bad limits and unknown categories with typed errors', async () => {
    const p = createMockProvider({ id: 'p' });
    const bad = await runBenchmarkSuite({
      suite,
      providers: [p],
      models: ['nope:m', 'p'],
      concurrency: 0,
    }).catch((e: unknown) => e);
    expect(ConfigError.isInstance(bad)).toBe(true);
    expect((bad as ConfigError).issues.map((i) => i.path)).toEqual([
      'concurrency',
      'models[0]',
      'models[1]',
    ]);
    await expect(runBenchmarkSuite({ suite, providers: [p], models: [] })).rejects.toMatchObject({
      code: 'no_models',
    });
    await expect(
      runBenchmarkSuite({ suite, providers: [p], models: ['p:m'], categories: ['poetry'] }),
    ).rejects.toMatchObject({
      code: 'unknown_category',
      message: expect.stringContaining('math, general'),
    });
  });
});

describe('scoreCategory', () => {
  const result = (
    model: string,
    quality: number,
    latencyMs: number,
    costUsd: number | undefined,
  ): BenchmarkTestResult => ({
    category: 'math',
    testId: `${model}-${quality}-${latencyMs}`,
    model,
    quality,
    latencyMs,
    inputTokens: 1,
    outputTokens: 1,
    costUsd,
    ran: true,
    scores: [],
    at: 0,
  });
  const run = { id: 'r', suiteVersion: 'v', at: 1 };

  it('weighs absolute quality with speed and cost relative to the best model', () => {
    const scores = scoreCategory(
      'math',
      { quality: 0.5, speed: 0.3, cost: 0.2 },
      [
        result('a', 100, 100, 0.002),
        result('a', 80, 300, 0.002),
        result('b', 60, 100, 0.001),
        result('b', 60, 100, 0.001),
      ],
      run,
    );
    const [a, b] = [scores.find((s) => s.model === 'a'), scores.find((s) => s.model === 'b')];
    // a: quality 0.9, p50 100 ms (nearest rank) = fastest → 1, cost twice the cheapest → 0.5.
    expect(a).toMatchObject({
      meanQuality: 90,
      p50LatencyMs: 100,
      p95LatencyMs: 300,
      speedScore: 1,
      costScore: 0.5,
    });
    expect(a?.score).toBeCloseTo(0.5 * 0.9 + 0.3 * 1 + 0.2 * 0.5, 4);
    expect(b?.score).toBeCloseTo(0.5 * 0.6 + 0.3 * 1 + 0.2 * 1, 4);
    expect(scores.map((s) => s.model)).toEqual(['a', 'b']);
  });

  it('gives unpriced models a neutral cost score when others are priced, and 1 when none is', () => {
    const mixed = scoreCategory(
      'math',
      { quality: 0, speed: 0, cost: 1 },
      [result('a', 50, 10, 0.001), result('b', 50, 10, undefined)],
      run,
    );
    expect(mixed.map((s) => [s.model, s.costScore])).toEqual([
      ['a', 1],
      ['b', 0.5],
    ]);
    const none = scoreCategory(
      'math',
      { quality: 0, speed: 0, cost: 1 },
      [result('a', 50, 10, undefined)],
      run,
    );
    expect(none[0]?.costScore).toBe(1);
  });
});
