import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../router/router.js';
import { routerInternals } from '../router/router-internals.js';

let openai: MockProvider;
let anthropic: MockProvider;
let router: Router;
const user = (content: string) => [{ role: 'user' as const, content }];

beforeEach(() => {
  openai = createMockProvider({
    id: 'openai',
    rules: [{ reply: { text: 'ok', usage: { inputTokens: 1_000, outputTokens: 100 } } }],
  });
  anthropic = createMockProvider({
    id: 'anthropic',
    rules: [{ reply: { text: 'ok', usage: { inputTokens: 2_000, outputTokens: 200 } } }],
  });
  router = createRouter({
    providers: [openai, anthropic],
    models: {
      fast: ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest'],
      strong: ['anthropic:claude-sonnet-4-5', 'openai:gpt-4o'],
    },
    retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0 },
    cache: true,
    stats: { maxSessions: 5, maxKeysPerDimension: 3 },
  });
});
afterEach(async () => {
  await router.close();
});

describe('router.stats()', () => {
  it('rolls requests, tokens, cost, retries and fallbacks up per provider, model, alias, intent, category, tenant and widget', async () => {
    await router.chat({ messages: user("What's the capital of France?"), tenant: 'acme' });
    openai.failNext({ status: 503 }, 2); // a retry, then a fallback to anthropic
    await router.chat({ messages: user('Translate "good night" in French'), tenant: 'acme' });
    await router.chat({
      messages: user('Design a sharded queue and explain the trade-offs step by step.'),
      tenant: 'globex',
    });
    await router.chat({
      messages: user('hi'),
      model: 'openai:gpt-4o-mini',
      metadata: { widget: 'attendance' },
    });
    anthropic.failNext({ status: 400 });
    await router
      .chat({ messages: user('Prove it in detail, step by step.'), temperature: 0.5 })
      .catch(() => undefined);

    const s = router.stats();
    expect(s.total).toMatchObject({ requests: 5, errors: 1, retries: 1, fallbacks: 1 });
    expect(s.total.errorsByKind).toEqual({ 'invalid-request': 1 });
    expect(s.total.tokens).toEqual({
      input: 1_000 + 2_000 + 2_000 + 1_000,
      output: 100 + 200 + 200 + 100,
      total: 6_600,
      cachedInput: 0,
    });
    expect(s.total.costUsd).toBeCloseTo(
      (1_000 * 0.15 + 100 * 0.6) / 1e6 +
        (2_000 * 0.8 + 200 * 4) / 1e6 +
        (2_000 * 3 + 200 * 15) / 1e6 +
        (1_000 * 0.15 + 100 * 0.6) / 1e6,
      12,
    );
    expect(s.byProvider.openai).toMatchObject({
      attempts: 4,
      retries: 1,
      failuresByKind: { server: 2 },
    });
    expect(s.byProvider.anthropic).toMatchObject({
      fallbacks: 1,
      failuresByKind: { 'invalid-request': 1 },
    });
    expect(s.byModel['anthropic:claude-sonnet-4-5']?.requests).toBe(1);
    expect(s.byAlias.fast?.requests).toBe(2);
    expect(s.byAlias.strong?.requests).toBe(2);
    expect(s.byIntent.translation?.requests).toBe(1);
    expect(s.byCategory.language?.requests).toBe(1);
    expect(s.byTenant).toMatchObject({ acme: { requests: 2 }, globex: { requests: 1 } });
    expect(s.byWidget.attendance?.requests).toBe(1);
    expect(s.total.latency.count).toBe(5);
    expect(s.breakers.map((b) => b.candidate)).toContain('openai:gpt-4o-mini');
  });

  it('reports the cache hit rate and counts cached answers at zero cost', async () => {
    await router.chat({ messages: user('same') });
    await router.chat({ messages: user('same') });
    await router.chat({ messages: user('same') });
    const s = router.stats();
    expect(s.cache).toMatchObject({ hits: 2, misses: 1 });
    expect(s.cache?.hitRate).toBeCloseTo(2 / 3);
    expect(s.total).toMatchObject({ requests: 3, cached: 2 });
    expect(s.total.tokens.total).toBe(1_100);
  });

  it('bounds per-session and per-key statistics', async () => {
    for (let i = 0; i < 20; i++)
      await router.chat({ messages: user(`q${i}`), sessionId: `s${i}`, tenant: `t${i}` });
    const s = router.stats();
    expect(Object.keys(s.bySession)).toEqual(['s19', 's18', 's17', 's16', 's15']);
    expect(Object.keys(s.byTenant)).toEqual(['t0', 't1', 't2', '(other)']);
    expect(s.byTenant['(other)']?.requests).toBe(17);
  });

  it('records widget extraction rates and starts afresh on reset', async () => {
    const internals = routerInternals(router);
    internals?.recordExtraction({
      widget: 'lesson-plan',
      success: true,
      attempts: 1,
      strategy: 'native',
    });
    internals?.recordExtraction({
      widget: 'lesson-plan',
      success: true,
      attempts: 2,
      strategy: 'native',
    });
    internals?.recordExtraction({
      widget: 'lesson-plan',
      success: false,
      attempts: 3,
      strategy: 'native',
    });
    expect(router.stats().extraction['lesson-plan']).toEqual({
      success: 2,
      failure: 1,
      repaired: 1,
      localRepairs: 0,
      successRate: 2 / 3,
    });
    await router.chat({ messages: user('x') });
    router.resetStats();
    const s = router.stats();
    expect(s.total.requests).toBe(0);
    expect(s.extraction).toEqual({});
    expect(s.cache?.misses).toBe(0);
  });
});
