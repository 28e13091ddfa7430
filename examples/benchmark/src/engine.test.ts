import {
  BenchmarkError,
  type BenchmarkEvent,
  createRouter,
  type Provider,
  type Router,
} from '@switchyard/core';
import { createGroq } from '@switchyard/groq';
import { createOpenAI } from '@switchyard/openai';
import {
  type FakeRequest,
  type FakeScript,
  type FakeServer,
  startFakeGroq,
  startFakeOpenAI,
} from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { answerFor } from './answers.js';
import { type DemoVendors, fakeServerDemoVendors } from './vendors.js';

// The benchmark engine against fake vendor servers, through the real openai and groq-sdk SDKs.

const mathQuestion = {
  messages: [{ role: 'user' as const, content: 'Solve the equation 3x + 4 = 19.' }],
};
const fast = 'groq:llama-3.1-8b-instant';
const slow = 'openai:gpt-4o-mini';

let vendors: DemoVendors | undefined;
let servers: FakeServer[] = [];
let router: Router | undefined;

afterEach(async () => {
  await router?.close();
  await vendors?.close();
  await Promise.all(servers.map((s) => s.close()));
  router = undefined;
  vendors = undefined;
  servers = [];
});

const prompt = (request: FakeRequest) => String(request.chat?.messages.at(-1)?.content ?? '');

/** Two fake vendors whose answers the test scripts per request. */
async function scripted(
  openai: (request: FakeRequest) => FakeScript,
  groq: (request: FakeRequest) => FakeScript,
): Promise<{ providers: Provider[]; openai: FakeServer; groq: FakeServer }> {
  const o = await startFakeOpenAI({ fallback: openai });
  const g = await startFakeGroq({ fallback: groq });
  servers.push(o, g);
  return {
    providers: [
      createOpenAI({ apiKey: o.apiKey, baseURL: o.baseURL }),
      createGroq({ apiKey: g.apiKey, baseURL: g.baseURL }),
    ],
    openai: o,
    groq: g,
  };
}
const good =
  (vendor: string) =>
  (request: FakeRequest): FakeScript => ({
    type: 'reply',
    reply: answerFor(vendor, prompt(request), false),
  });

describe('benchmark engine over the real SDKs', () => {
  it('scores a slow vendor and one wrong at math apart, routes math right, and follows a swap', async () => {
    vendors = await fakeServerDemoVendors();
    router = createRouter({
      providers: [...vendors.providers],
      models: { fast: [slow, fast] },
      benchmarks: true,
    });
    const run = await router.runBenchmarks({ categories: ['math', 'general'] });
    const score = (category: string, model: string) =>
      run.scores.find((s) => s.category === category && s.model === model);
    expect(score('math', slow)?.meanQuality).toBe(100);
    expect(score('math', fast)?.meanQuality).toBeLessThan(10);
    // Right everywhere else, groq wins general on speed; openai's p50 reflects its 120 ms.
    expect(score('general', fast)?.score).toBeGreaterThan(score('general', slow)?.score ?? 1);
    expect(score('general', slow)?.p50LatencyMs).toBeGreaterThanOrEqual(100);
    expect(score('general', slow)?.speedScore).toBeLessThan(
      score('general', fast)?.speedScore ?? 0,
    );

    const math = await router.chat(mathQuestion);
    expect(`${math.provider}:${math.model}`).toBe(slow);

    vendors.wrongAtMath = 'openai';
    await router.runBenchmarks({ categories: ['math'] });
    const swapped = await router.chat(mathQuestion);
    expect(`${swapped.provider}:${swapped.model}`).toBe(fast);
    expect(swapped.route.steps.find((s) => s.policy === 'category-scores')?.note).toMatch(
      /best math scorer: groq:llama-3\.1-8b-instant .*from benchmark run/,
    );
  });

  it('scores a failing vendor 0 with the error kind and completes the run', async () => {
    const pair = await scripted(good('openai'), () => ({ type: 'error', status: 500 }));
    router = createRouter({
      providers: pair.providers,
      models: { fast: [slow, fast] },
      benchmarks: true,
    });
    const run = await router.runBenchmarks({ categories: ['general'] });
    const failed = run.results.filter((r) => r.model === fast);
    expect(failed).toHaveLength(5);
    expect(failed.every((r) => r.ran && r.quality === 0 && r.failure?.kind === 'server')).toBe(
      true,
    );
    // Called once per test: the run does not retry or fall back.
    expect(pair.groq.requests).toHaveLength(5);
    expect(run.scores.map((s) => [s.model, s.meanQuality, s.failures])).toEqual([
      [slow, 100, 0],
      [fast, 0, 5],
    ]);
  });

  it('ends a test that outlives its timeout with kind timeout and hangs up on the vendor', async () => {
    const pair = await scripted(
      (request) =>
        prompt(request).includes('Australia') ? { type: 'hang' } : good('openai')(request),
      good('groq'),
    );
    router = createRouter({
      providers: pair.providers,
      models: { fast: [slow, fast] },
      benchmarks: true,
    });
    // Generous enough that the answered tests never time out on a loaded CI machine.
    const run = await router.runBenchmarks({ categories: ['general'], testTimeoutMs: 2_000 });
    const hung = run.results.find((r) => r.model === slow && r.testId === 'capital');
    expect(hung).toMatchObject({ quality: 0, failure: { kind: 'timeout' } });
    expect(hung?.latencyMs).toBeGreaterThanOrEqual(1_990);
    expect(run.results.filter((r) => r.failure !== undefined)).toHaveLength(1);
    await expect
      .poll(() => pair.openai.requests.find((r) => r.answer === 'hang')?.disconnected)
      .toBe(true);
  });

  it('never has more vendor calls in flight than the concurrency bound', async () => {
    const pair = await scripted(
      (request) => ({ ...good('openai')(request), delayMs: 30 }),
      (request) => ({ ...good('groq')(request), delayMs: 30 }),
    );
    let inFlight = 0;
    let peak = 0;
    const counted = pair.providers.map(
      (provider): Provider => ({
        ...provider,
        id: provider.id,
        chat: async (request, options) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          try {
            return await provider.chat(request, options);
          } finally {
            inFlight--;
          }
        },
      }),
    );
    router = createRouter({
      providers: counted,
      models: { fast: [slow, fast] },
      benchmarks: { concurrency: 3 },
    });
    const run = await router.runBenchmarks({ categories: ['general', 'math'] });
    expect(run.results).toHaveLength(20);
    expect(peak).toBe(3);
  });

  it('refuses a run whose estimate exceeds the spend cap before calling anyone', async () => {
    const pair = await scripted(good('openai'), good('groq'));
    router = createRouter({
      providers: pair.providers,
      models: { fast: [slow, fast] },
      prices: { [slow]: { inputPerMTok: 500, outputPerMTok: 2_000 } },
      benchmarks: { spendCapUsd: 0.25 },
    });
    const error = await router.runBenchmarks().catch((e: unknown) => e);
    expect(BenchmarkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'over_spend_cap', spendCapUsd: 0.25 });
    expect((error as BenchmarkError).estimateUsd).toBeGreaterThan(0.25);
    expect(pair.openai.requests).toHaveLength(0);
    expect(pair.groq.requests).toHaveLength(0);
  });

  it('stops starting tests once the spend reaches the cap', async () => {
    // Each answer reports a million output tokens: $0.60 at gpt-4o-mini's price, over the $0.50 cap.
    const pair = await scripted(
      (request) => ({
        type: 'reply',
        reply: {
          text: answerFor('openai', prompt(request), false),
          usage: { inputTokens: 10, outputTokens: 1_000_000 },
        },
      }),
      good('groq'),
    );
    router = createRouter({
      providers: pair.providers,
      models: { fast: [slow] },
      benchmarks: { spendCapUsd: 0.5, concurrency: 1 },
    });
    const run = await router.runBenchmarks({ categories: ['general'] });
    expect(pair.openai.requests).toHaveLength(1);
    expect(run.stopped).toBe('spend-cap');
    expect(run.spentUsd).toBeGreaterThanOrEqual(0.5);
    expect(run.results.filter((r) => !r.ran).map((r) => r.failure?.kind)).toEqual(
      Array(4).fill('spend-cap'),
    );
  });

  it('falls back to the static table once the scores are stale, and says so', async () => {
    vendors = await fakeServerDemoVendors();
    let now = Date.now();
    router = createRouter({
      providers: [...vendors.providers],
      models: { fast: [slow, fast] },
      routing: { categoryScores: { math: { [fast]: 0.9, [slow]: 0.2 } } },
      benchmarks: { maxAgeMs: 3_600_000 },
      clock: {
        now: () => now,
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      },
    });
    await router.runBenchmarks({ categories: ['math'] });
    expect((await router.chat(mathQuestion)).model).toBe('gpt-4o-mini');
    now += 2 * 3_600_000;
    const stale = await router.chat(mathQuestion);
    expect(`${stale.provider}:${stale.model}`).toBe(fast);
    expect(stale.route.steps.find((s) => s.policy === 'category-scores')?.note).toBe(
      `best math scorer: ${fast} (0.9), from the static table (benchmark scores for math are stale: 2 h old, max 1 h)`,
    );
  });

  it('a scheduled run never delays a request: one sent mid-run answers before the run’s first call', async () => {
    const VENDOR_MS = 400;
    const pair = await scripted(
      (request) => ({ ...good('openai')(request), delayMs: VENDOR_MS }),
      (request) => ({ type: 'reply', reply: answerFor('groq', prompt(request), false) }),
    );
    const events: BenchmarkEvent[] = [];
    router = createRouter({
      providers: pair.providers,
      models: { fast: [fast] },
      benchmarks: { models: [slow], concurrency: 2 },
      onEvent: (e) => {
        if (e.type === 'benchmark') events.push(e);
      },
    });
    router.scheduleBenchmarks({ every: 3_600_000 });
    await pair.openai.waitForRequests(2);
    const started = performance.now();
    const answer = await router.chat({
      model: fast,
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    const latencyMs = performance.now() - started;
    expect(answer.text).toMatch(/^groq answers/);
    // The run's calls are still waiting for the slow vendor: the request did not wait for them.
    expect(latencyMs).toBeLessThan(VENDOR_MS);
    expect((await router.benchmarks()).running).toBe(true);
    expect(events.map((e) => e.phase)).toEqual(['start']);
    await expect
      .poll(() => events.map((e) => e.phase), { timeout: 20_000 })
      .toEqual(['start', 'finish']);
  }, 30_000);
});
