import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouterEvent } from '../events/router-events.js';
import { createRouter, type Router } from '../router/router.js';
import { BUILTIN_PRICES } from './price-data.js';
import { createPriceTable } from './price-table.js';

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
});

describe('price table and cost arithmetic', () => {
  const table = createPriceTable();

  it('prices input, cached input and output per million tokens (OpenAI)', () => {
    // gpt-4o-mini: $0.15 input, $0.075 cached input, $0.60 output per million
    const cost = table.cost('openai', 'gpt-4o-mini', {
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 500_000,
      totalTokens: 1_500_000,
    });
    expect(cost).toBeCloseTo(0.6 * 0.15 + 0.4 * 0.075 + 0.5 * 0.6, 10);
  });

  it('prices cache reads and cache writes (Anthropic)', () => {
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output per million
    const cost = table.cost('anthropic', 'claude-sonnet-4-5', {
      inputTokens: 10_000,
      cachedInputTokens: 6_000,
      cacheWriteInputTokens: 2_000,
      outputTokens: 1_000,
      totalTokens: 11_000,
    });
    expect(cost).toBeCloseTo((2_000 * 3 + 6_000 * 0.3 + 2_000 * 3.75 + 1_000 * 15) / 1e6, 12);
  });

  it('finds dated snapshots and -latest aliases under their family', () => {
    const usage = { inputTokens: 1_000, outputTokens: 1_000, totalTokens: 2_000 };
    const family = table.cost('openai', 'gpt-4o-mini', usage);
    expect(table.cost('openai', 'gpt-4o-mini-2024-07-18', usage)).toBe(family);
    expect(table.cost('anthropic', 'claude-3-5-haiku-20241022', usage)).toBe(
      table.cost('anthropic', 'claude-3-5-haiku', usage),
    );
    expect(table.cost('anthropic', 'claude-sonnet-4-5-latest', usage)).toBe(
      table.cost('anthropic', 'claude-sonnet-4-5', usage),
    );
    expect(table.cost('google', 'models/gemini-2.5-flash', usage)).toBe(
      table.cost('google', 'gemini-2.5-flash', usage),
    );
  });

  it('returns undefined for an unknown model, never a guess', () => {
    expect(
      table.cost('openai', 'my-finetune', { inputTokens: 10, outputTokens: 10, totalTokens: 20 }),
    ).toBeUndefined();
    expect(table.price('acme', 'gpt-4o-mini')).toBeUndefined();
  });

  it('takes host prices over and beside the built-in ones', () => {
    const custom = createPriceTable({
      prices: {
        'openai:gpt-4o-mini': { inputPerMTok: 1, outputPerMTok: 2 },
        'ollama:llama3': { inputPerMTok: 0, outputPerMTok: 0 },
      },
    });
    expect(
      custom.cost('openai', 'gpt-4o-mini', {
        inputTokens: 1e6,
        outputTokens: 1e6,
        totalTokens: 2e6,
      }),
    ).toBe(3);
    expect(
      custom.cost('ollama', 'llama3', { inputTokens: 5, outputTokens: 5, totalTokens: 10 }),
    ).toBe(0);
    expect(createPriceTable({ builtin: false }).price('openai', 'gpt-4o')).toBeUndefined();
  });

  it('is dated and sourced', () => {
    expect(BUILTIN_PRICES.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const entry of Object.values(BUILTIN_PRICES.entries))
      expect(entry.source.length).toBeGreaterThan(10);
  });

  it('reports an unpriced model once, as an event and not a process warning, and costs it as undefined', async () => {
    const processWarnings: Error[] = [];
    const onWarning = (w: Error) => processWarnings.push(w);
    process.on('warning', onWarning);
    const events: RouterEvent[] = [];
    const local = createRouter({
      providers: [createMockProvider({ id: 'acme' })],
      models: { fast: ['acme:m1'] },
      onEvent: (e) => {
        events.push(e);
      },
    });
    router = local;
    const answers = await Promise.all(
      [1, 2, 3].map((i) => local.chat({ messages: [{ role: 'user', content: `q${i}` }] })),
    );
    expect(answers.map((a) => a.costUsd)).toEqual([undefined, undefined, undefined]);
    await new Promise((r) => setImmediate(r));
    expect(events.filter((e) => e.type === 'warning' && e.code === 'unknown-price')).toHaveLength(
      1,
    );
    expect(local.stats().total).toMatchObject({ unpriced: 3, costUsd: 0 });
    // Node delivers process warnings on a later tick.
    await new Promise((r) => setTimeout(r, 10));
    process.off('warning', onWarning);
    expect(processWarnings).toEqual([]);
  });
});
