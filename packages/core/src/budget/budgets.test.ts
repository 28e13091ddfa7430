import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouterConfig } from '../config/router-config.js';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { ConfigError } from '../errors/config-error.js';
import type { BudgetEvent } from '../events/router-events.js';
import { createRouter, type Router } from '../router/router.js';
import type { SpendCounterStore } from './spend-counters.js';

// Each answer uses 1M input and 100k output tokens: $0.21 on gpt-4o-mini, $4.50 on claude-sonnet-4-5.
const heavy = { text: 'ok', usage: { inputTokens: 1_000_000, outputTokens: 100_000 } };
let openai: MockProvider;
let anthropic: MockProvider;
let router: Router;
let budgetEvents: BudgetEvent[];

function make(budgets: RouterConfig['budgets']): Router {
  budgetEvents = [];
  router = createRouter({
    providers: [openai, anthropic],
    models: { fast: ['openai:gpt-4o-mini'], strong: ['anthropic:claude-sonnet-4-5'] },
    budgets,
  });
  router.on('budget', (e) => {
    budgetEvents.push(e);
  });
  return router;
}
const ask = (content = 'hi', extra = {}) => ({
  messages: [{ role: 'user' as const, content }],
  ...extra,
});
const COMPLEX = 'Design a sharded queue and explain the trade-offs step by step.';
const settle = () => new Promise((r) => setImmediate(r));

beforeEach(() => {
  openai = createMockProvider({ id: 'openai', rules: [{ reply: heavy }] });
  anthropic = createMockProvider({ id: 'anthropic', rules: [{ reply: heavy }] });
});
afterEach(async () => {
  await router.close();
  vi.useRealTimers();
});

describe('budgets', () => {
  it('refuses with BudgetExceededError before any call once the limit is spent', async () => {
    make({
      rules: [{ name: 'daily', scope: 'global', period: 'day', limitUsd: 0.4, action: 'refuse' }],
    });
    await router.chat(ask());
    await router.chat(ask());
    await settle();
    const calls = openai.callCount;
    const error = await router.chat(ask()).catch((e: unknown) => e);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'budget',
      retryable: false,
      budget: 'daily',
      limitUsd: 0.4,
    });
    expect((error as BudgetExceededError).spentUsd).toBeCloseTo(0.42);
    expect(openai.callCount).toBe(calls);
    expect(router.stats().total.errorsByKind).toEqual({ budget: 1 });
    await settle();
    expect(budgetEvents.map((e) => e.action)).toEqual(['warn', 'refuse']);
  });

  it('reroutes to a cheaper alias when an alias budget is near its limit', async () => {
    make({
      rules: [
        {
          name: 'strong-month',
          scope: { alias: 'strong' },
          period: 'month',
          limitUsd: 10,
          actAt: 0.8,
          action: { reroute: 'fast' },
        },
      ],
    });
    expect((await router.chat(ask(COMPLEX))).provider).toBe('anthropic'); // $4.50
    await settle();
    expect((await router.chat(ask(COMPLEX))).provider).toBe('anthropic'); // $9.00: past 80 %
    await settle();
    const rerouted = await router.chat(ask(COMPLEX));
    expect(rerouted.provider).toBe('openai');
    expect(rerouted.route.tier).toBe('fast');
    expect(rerouted.route.complexity).toBe('complex');
    expect(rerouted.route.steps.at(-1)?.note).toMatch(
      /^budget "strong-month" at 90% of \$10 for \d{4}-\d{2}: rerouted to fast$/,
    );
    await settle();
    expect(budgetEvents.at(-1)).toMatchObject({
      action: 'reroute',
      to: 'fast',
      budget: 'strong-month',
    });
    expect((await router.chat(ask('hi'))).provider).toBe('openai'); // fast-tier requests are not affected
  });

  it('keeps tenants apart with a per-tenant budget', async () => {
    make({ rules: [{ scope: { tenant: '*' }, period: 'day', limitUsd: 0.3, action: 'refuse' }] });
    await router.chat(ask('a', { tenant: 'acme' }));
    await router.chat(ask('b', { tenant: 'acme' }));
    await settle();
    await expect(router.chat(ask('c', { tenant: 'acme' }))).rejects.toSatisfy((e: unknown) =>
      BudgetExceededError.isInstance(e),
    );
    expect((await router.chat(ask('d', { tenant: 'globex' }))).provider).toBe('openai');
    expect((await router.chat(ask('e'))).provider).toBe('openai'); // no tenant: not covered
  });

  it('starts counting afresh in a new period (UTC)', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-21T23:59:00Z') });
    make({ rules: [{ scope: 'global', period: 'day', limitUsd: 0.2, action: 'refuse' }] });
    await router.chat(ask());
    await vi.advanceTimersByTimeAsync(1);
    await expect(router.chat(ask())).rejects.toSatisfy((e: unknown) =>
      BudgetExceededError.isInstance(e),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await router.chat(ask())).provider).toBe('openai');
  });

  it('keeps serving when the spend counters fail, and says so', async () => {
    const broken: SpendCounterStore = {
      get: () => Promise.reject(new Error('redis down')),
      add: () => Promise.reject(new Error('redis down')),
    };
    const warnings: string[] = [];
    make({
      rules: [{ scope: 'global', period: 'day', limitUsd: 0.01, action: 'refuse' }],
      counters: broken,
    });
    router.on('warning', (e) => {
      warnings.push(e.code);
    });
    expect((await router.chat(ask())).provider).toBe('openai');
    expect((await router.chat(ask())).provider).toBe('openai');
    await settle();
    expect(warnings).toContain('budget-counters');
  });

  it('rejects a budget that names an unknown alias', () => {
    expect(() =>
      make({
        rules: [
          { scope: { alias: 'medium' }, period: 'day', limitUsd: 1, action: { reroute: 'cheap' } },
        ],
      }),
    ).toThrowError(ConfigError);
    try {
      make({
        rules: [
          { scope: { alias: 'medium' }, period: 'day', limitUsd: 1, action: { reroute: 'cheap' } },
        ],
      });
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
        'budgets.rules[0].action.reroute',
        'budgets.rules[0].scope.alias',
      ]);
    }
    router = createRouter({ providers: [openai], models: { fast: ['openai:x'] } });
  });
});
