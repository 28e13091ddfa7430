import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouterConfig } from '../config/router-config.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import type { RouterEvent } from '../events/router-events.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { RouteStep } from '../provider/route-trace.js';
import { createRouter, type Router } from '../router/router.js';
import type { RoutingPolicy } from './routing-policy.js';

let openai: MockProvider;
let anthropic: MockProvider;
let router: Router;

const models = {
  fast: ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest'],
  strong: ['anthropic:claude-sonnet-4-5', 'openai:gpt-4o'],
};
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});
const verdicts = (steps: readonly RouteStep[]) => steps.map((s) => `${s.policy}:${s.verdict}`);

function make(extra: Partial<RouterConfig> = {}): Router {
  router = createRouter({
    providers: [openai, anthropic],
    models,
    retry: { maxRetries: 0 },
    ...extra,
  });
  return router;
}

beforeEach(() => {
  openai = createMockProvider({ id: 'openai' });
  anthropic = createMockProvider({ id: 'anthropic' });
});
afterEach(async () => {
  await router?.close();
});

const SIMPLE = "What's the capital of France?";
const COMPLEX = 'Design a multi-region rate limiter and explain the trade-offs step by step.';

describe('policy chain', () => {
  it('pin: the request model decides, and classification is skipped', async () => {
    make();
    const answer = await router.chat(ask(COMPLEX, { model: 'fast' }));
    expect(answer.route.candidates).toEqual(models.fast);
    expect(verdicts(answer.route.steps)).toEqual(['pin:decide', 'session:pass']);
    expect(answer.route.category).toBeUndefined();
    expect(answer.route.reason).toContain('pinned by the request: fast');
  });

  it("pin: keeps the request's own intent and category in the trace and the stats", async () => {
    make();
    const answer = await router.chat(
      ask(COMPLEX, { model: 'fast', intent: 'lesson-plan', category: 'education' }),
    );
    expect(answer.route).toMatchObject({
      intent: 'lesson-plan',
      category: 'education',
      complexity: undefined,
    });
    expect(router.stats().byIntent['lesson-plan']?.requests).toBe(1);
    expect(router.stats().byCategory.education?.requests).toBe(1);
  });

  it('tier: simple requests go to fast, complex ones to strong, with the classification in the trace', async () => {
    make();
    const simple = await router.chat(ask(SIMPLE));
    expect(simple.route).toMatchObject({ tier: 'fast', complexity: 'simple', category: 'general' });
    expect(simple.provider).toBe('openai');
    const complex = await router.chat(ask(COMPLEX));
    expect(complex.route).toMatchObject({ tier: 'strong', complexity: 'complex' });
    expect(complex.route.candidates).toEqual(models.strong);
    expect(verdicts(complex.route.steps)).toEqual(['pin:pass', 'session:pass', 'tier:decide']);
    expect(complex.route.steps.at(-1)?.note).toBe('complex request → tier strong');
  });

  it('intent: an intent route decides, from the request or from a rule', async () => {
    make({
      models: { ...models, translate: ['anthropic:claude-3-5-haiku-latest'] },
      routing: { intents: { translation: 'translate', billing: ['openai:gpt-4o'] } },
    });
    const byRule = await router.chat(ask('Translate "thank you very much" in Spanish'));
    expect(byRule.route.intent).toBe('translation');
    expect(byRule.route.candidates).toEqual(['anthropic:claude-3-5-haiku-latest']);
    expect(byRule.route.steps.find((s) => s.policy === 'intent')?.note).toBe(
      'intent "translation" routes to translate',
    );
    const byRequest = await router.chat(ask(SIMPLE, { intent: 'billing' }));
    expect(byRequest.route.candidates).toEqual(['openai:gpt-4o']);
    const noRoute = await router.chat(ask(SIMPLE, { intent: 'weather' }));
    expect(noRoute.route.steps.find((s) => s.policy === 'intent')?.note).toBe(
      'intent "weather" has no route',
    );
  });

  it('category scores: the best scorer for the category decides, unless the category is uncertain', async () => {
    make({
      routing: {
        categoryScores: {
          coding: {
            'openai:gpt-4o': 0.81,
            'anthropic:claude-sonnet-4-5': 0.93,
            'openai:gpt-4o-mini': 0.6,
          },
        },
        minCategoryConfidence: 0.6,
      },
    });
    const coding = await router.chat(
      ask('Refactor this Python function and add a unit test for the recursion'),
    );
    expect(coding.route.category).toBe('coding');
    expect(coding.route.candidates).toEqual([
      'anthropic:claude-sonnet-4-5',
      'openai:gpt-4o',
      'openai:gpt-4o-mini',
    ]);
    expect(coding.route.steps.find((s) => s.policy === 'category-scores')).toMatchObject({
      verdict: 'decide',
      note: 'best coding scorer: anthropic:claude-sonnet-4-5 (0.93)',
    });
    const weak = await router.chat(ask('Explain recursion'));
    expect(weak.route.steps.find((s) => s.policy === 'category-scores')?.note).toBe(
      'category coding too uncertain (0.50 < 0.6)',
    );
    expect(weak.route.tier).toBe('fast');
  });

  it('default: the default model decides when no tier alias applies', async () => {
    make({ models: { everyday: ['anthropic:claude-3-5-haiku-latest'] }, defaultModel: 'everyday' });
    const answer = await router.chat(ask(COMPLEX));
    expect(verdicts(answer.route.steps)).toEqual([
      'pin:pass',
      'session:pass',
      'tier:pass',
      'default:decide',
    ]);
    expect(answer.route.candidates).toEqual(['anthropic:claude-3-5-haiku-latest']);
  });

  it('host policies run after pin and can decide', async () => {
    const vip: RoutingPolicy = {
      name: 'vip',
      decide: ({ request }) =>
        request.tenant === 'acme'
          ? { verdict: 'decide', models: 'strong', note: 'acme pays for the strong tier' }
          : { verdict: 'pass', note: 'not a VIP tenant' },
    };
    make({ routing: { policies: [vip] } });
    const acme = await router.chat(ask(SIMPLE, { tenant: 'acme' }));
    expect(acme.route.tier).toBe('strong');
    expect(verdicts(acme.route.steps)).toEqual(['pin:pass', 'vip:decide', 'session:pass']);
    const other = await router.chat(ask(SIMPLE, { tenant: 'other' }));
    expect(other.route.tier).toBe('fast');
  });

  it('cheapest: orders an alias by estimated price', async () => {
    make({
      models: {
        any: {
          strategy: 'cheapest',
          candidates: [
            'anthropic:claude-sonnet-4-5',
            'openai:gpt-4o',
            'openai:gpt-4o-mini',
            'openai:my-model',
          ],
        },
      },
      defaultModel: 'any',
      routing: { tiers: false },
    });
    const answer = await router.chat(ask(SIMPLE));
    expect(answer.route.candidates).toEqual([
      'openai:gpt-4o-mini',
      'openai:gpt-4o',
      'anthropic:claude-sonnet-4-5',
      'openai:my-model',
    ]);
    expect(answer.route.steps.find((s) => s.policy === 'balance')?.note).toMatch(
      /^cheapest first in any: openai:gpt-4o-mini \$/,
    );
  });

  it('fastest: tries unmeasured candidates first, then orders by recent latency', async () => {
    openai = createMockProvider({ id: 'openai', latencyMs: 30 });
    anthropic = createMockProvider({ id: 'anthropic', latencyMs: 5 });
    make({
      models: {
        quick: {
          strategy: 'fastest',
          candidates: ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest'],
        },
      },
      defaultModel: 'quick',
      routing: { tiers: false },
    });
    // Fake timers: the measured latencies are exactly 30 and 5 ms, however busy the machine.
    vi.useFakeTimers();
    try {
      const chat = async () => {
        const answer = router.chat(ask(SIMPLE));
        await vi.advanceTimersByTimeAsync(100);
        return answer;
      };
      expect((await chat()).provider).toBe('openai'); // both unmeasured: written order
      // openai is measured now; anthropic is not, so it goes first and gets measured
      expect((await chat()).provider).toBe('anthropic');
      const third = await chat();
      expect(third.provider).toBe('anthropic');
      expect(third.route.steps.find((s) => s.policy === 'balance')?.note).toBe(
        'fastest first in quick: anthropic:claude-3-5-haiku-latest 5 ms, openai:gpt-4o-mini 30 ms',
      );
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('session affinity', () => {
  it('keeps the provider while the topic stays the same, and switches when it changes', async () => {
    const events: RouterEvent[] = [];
    make({
      models: { fast: { strategy: 'weighted', candidates: models.fast } },
      onEvent: (e) => {
        events.push(e);
      },
    });
    let draw = 0.9; // the weighted pick would take anthropic
    (router as unknown as { config: { random: () => number } }).config.random = () => draw;
    const first = await router.chat(ask('Explain quicksort in Python', { sessionId: 's1' }));
    expect(first.provider).toBe('anthropic');
    expect(first.route.category).toBe('coding');
    expect(first.route.session).toEqual({ id: 's1', switched: false, previous: undefined });

    draw = 0.1; // now the weighted pick would take openai, but the coding topic continues
    const second = await router.chat(ask('Now explain mergesort in Python', { sessionId: 's1' }));
    expect(second.provider).toBe('anthropic');
    expect(second.route.steps.find((s) => s.policy === 'session')).toMatchObject({
      verdict: 'prefer',
      note: 'session s1 stays on anthropic while the topic (coding) continues',
    });

    const third = await router.chat(ask('Solve 2x + 5 = 15 and calculate x', { sessionId: 's1' }));
    expect(third.route.category).toBe('math');
    expect(third.provider).toBe('openai');
    expect(third.route.session).toEqual({ id: 's1', switched: true, previous: 'anthropic' });
    expect(third.route.steps.find((s) => s.policy === 'session')?.note).toBe(
      'topic changed from coding to math: choosing afresh',
    );
    await new Promise((r) => setImmediate(r));
    expect(events.filter((e) => e.type === 'session-switch')).toEqual([
      {
        type: 'session-switch',
        sessionId: 's1',
        from: 'anthropic',
        to: 'openai',
        fromCategory: 'coding',
        toCategory: 'math',
      },
    ]);

    const other = await router.chat(ask('Explain heapsort in Python', { sessionId: 's2' }));
    expect(other.provider).toBe('openai');
  });

  it('can be switched off', async () => {
    make({ sessions: { affinity: false } });
    const answer = await router.chat(ask(SIMPLE, { sessionId: 's1' }));
    expect(answer.route.session).toBeUndefined();
    expect(answer.route.steps.some((s) => s.policy === 'session')).toBe(false);
  });
});

describe('filters', () => {
  it('skips candidates whose context window is too small or that lack a capability', async () => {
    openai = createMockProvider({
      id: 'openai',
      models: {
        'gpt-4o-mini': { contextWindow: 1_000, capabilities: { tools: false } },
        'gpt-4o': {},
      },
    });
    make();
    const long = await router.chat(ask('x'.repeat(8_000), { model: 'fast' }));
    expect(long.provider).toBe('anthropic');
    expect(long.route.attempts[0]).toMatchObject({
      provider: 'openai',
      outcome: 'skipped',
      skipReason: 'context-window',
    });
    expect(long.route.steps.find((s) => s.policy === 'filter')?.note).toBe(
      'openai:gpt-4o-mini holds 1000 tokens; the request needs about 2000',
    );
    const tools = await router.chat(
      ask('weather?', {
        model: 'fast',
        tools: [{ name: 'get_weather', parameters: { type: 'object' } }],
      }),
    );
    expect(tools.provider).toBe('anthropic');
    expect(tools.route.attempts[0]).toMatchObject({ skipReason: 'capability' });
    expect(openai.callCount).toBe(0);
  });

  it('fails with NoProviderAvailableError naming every skip when nothing fits', async () => {
    openai = createMockProvider({
      id: 'openai',
      models: { 'gpt-4o-mini': { contextWindow: 100 } },
    });
    make();
    const error = await router
      .chat(ask('x'.repeat(1_000), { model: 'openai:gpt-4o-mini' }))
      .catch((e: unknown) => e);
    expect(NoProviderAvailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'No provider available: openai:gpt-4o-mini skipped (context-window).',
    );
  });

  it('estimates a CJK prompt by its script and skips the window it would not fit', async () => {
    openai = createMockProvider({
      id: 'openai',
      models: { 'gpt-4o-mini': { contextWindow: 600 } },
    });
    make();
    const chinese = '季度数据显示收入稳步增长，而同期成本略有下降。'.repeat(45).slice(0, 980);
    const answer = await router.chat(ask(chinese, { model: 'fast' }));
    expect(answer.provider).toBe('anthropic');
    expect(answer.route.attempts[0]).toMatchObject({ skipReason: 'context-window' });
    expect(openai.callCount).toBe(0);
  });

  it('moves on to the next candidate after a context-length refusal, without a retry', async () => {
    openai = createMockProvider({ id: 'openai', rules: [{ reply: 'small' }] });
    make({ retry: { maxRetries: 2 } });
    openai.failNext('context-length');
    const answer = await router.chat(ask('a long prompt', { model: 'fast' }));
    expect(answer.provider).toBe('anthropic');
    expect(openai.callCount).toBe(1);
    expect(answer.route.attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
      ['openai', 'error', 'context-length'],
      ['anthropic', 'success', undefined],
    ]);
    expect(
      router.health().breakers.find((b) => b.candidate === 'openai:gpt-4o-mini'),
    ).toMatchObject({ consecutiveFailures: 0, window: { failures: 0 } });
  });
});
