import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/v4';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { createRouter, type Router } from '../router/router.js';
import { defineTool } from './define-tool.js';

// Every turn of a tool loop is a request for the budgets: each one's spend is counted before the
// next is checked, and a budget that refuses a later turn ends the loop with the turns so far.

// 1M input + 100k output tokens on gpt-4o-mini: $0.15 + $0.06 = $0.21 a turn (the price table).
const TURN_USD = 0.21;
const heavyCall = {
  toolCalls: [{ name: 'weather', arguments: { city: 'Lyon' } }],
  usage: { inputTokens: 1_000_000, outputTokens: 100_000 },
};
let openai: MockProvider;
let router: Router;
const execute = vi.fn(({ city }: { city: string }) => ({ city, celsius: 18 }));
const weather = defineTool({
  name: 'weather',
  description: 'The forecast for a city',
  parameters: z.object({ city: z.string() }),
  execute,
});
const ask = { messages: [{ role: 'user' as const, content: 'Weather in Lyon?' }] };

beforeEach(() => {
  execute.mockClear();
  // Every turn calls the tool again, so only the budget (or maxSteps) can end the loop.
  openai = createMockProvider({ id: 'openai', rules: [{ reply: heavyCall }] });
  router = createRouter({
    providers: [openai],
    models: { fast: ['openai:gpt-4o-mini'] },
    retry: { maxRetries: 0 },
    // $0.40: two turns ($0.42) pass the check (spent $0 then $0.21), the third is refused.
    budgets: {
      rules: [{ name: 'daily', scope: 'global', period: 'day', limitUsd: 0.4, action: 'refuse' }],
    },
  });
});
afterEach(async () => {
  await router.close();
});

describe('tool loop and budgets', () => {
  it('counts every turn toward the budget and ends the loop with a typed result when it runs out', async () => {
    const answer = await router.chat({ ...ask, tools: [weather], maxSteps: 10 });
    const loop = answer.toolLoop;
    expect(loop?.stopReason).toBe('budget');
    expect(loop?.limitReached).toBe(false);
    expect(BudgetExceededError.isInstance(loop?.budgetError)).toBe(true);
    // The refusal saw both turns' spend: each step counted.
    expect(loop?.budgetError?.spentUsd).toBeCloseTo(2 * TURN_USD, 6);
    expect(loop?.budgetError).toMatchObject({ budget: 'daily', limitUsd: 0.4 });
    expect(openai.callCount).toBe(2);
    expect(execute).toHaveBeenCalledTimes(2);
    expect(loop?.steps).toHaveLength(2);
    expect(answer.costUsd).toBeCloseTo(2 * TURN_USD, 6);
    expect(answer.usage.inputTokens).toBe(2_000_000);
    // The conversation so far, ending with the tool result the model never saw.
    expect(loop?.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
    ]);
    expect(answer.route.tools?.steps.map((s) => s.calls.length)).toEqual([1, 1]);
  });

  it('refuses the first turn with BudgetExceededError, as any request', async () => {
    await router.chat({ ...ask, tools: [weather], maxSteps: 2 });
    const error = await router
      .chat({ ...ask, tools: [weather], maxSteps: 5 })
      .catch((e: unknown) => e);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(openai.callCount).toBe(2);
  });

  it('stream: the refused turn ends the loop with one finish carrying the turns so far', async () => {
    const kinds: string[] = [];
    let final: StreamEvent | undefined;
    for await (const event of router.stream({ ...ask, tools: [weather], maxSteps: 10 })) {
      if (event.type !== 'text-delta') kinds.push(event.type);
      final = event;
    }
    expect(kinds).toEqual([
      'start',
      'tool-call',
      'step-finish',
      'tool-result',
      'start',
      'tool-call',
      'step-finish',
      'tool-result',
      'finish',
    ]);
    const response = final?.type === 'finish' ? final.response : undefined;
    expect(response?.toolLoop?.stopReason).toBe('budget');
    expect(response?.costUsd).toBeCloseTo(2 * TURN_USD, 6);
    expect(openai.callCount).toBe(2);
  });
});
