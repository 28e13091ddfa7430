import { createRouter, type Provider, type Router, type ToolMessage } from '@switchyard/core';
import {
  cityTool,
  type FakeServer,
  readEvents,
  startFakeAnthropic,
  TWO_CITY_CALLS,
} from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropic } from './anthropic-provider.js';

// The streamed tool loop through the real Anthropic SDK and the fake server: each turn's events
// in order (signed thinking streamed in turn 1 goes back unchanged, or the fake refuses turn 2),
// and the mid-stream failure contract kept per turn.

let server: FakeServer;
let provider: Provider;
let router: Router;

const city = z.object({ city: z.string() });
const ask = {
  messages: [{ role: 'user' as const, content: 'Plan a day in Lyon' }],
  tools: [cityTool('weather', city), cityTool('route', city)],
  maxSteps: 3,
  providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 2048 } } },
};
const twoCalls = {
  reasoning: 'Both tools at once.',
  text: 'Checking.',
  toolCalls: TWO_CITY_CALLS,
};
type Block = { type: string; tool_use_id?: string };
type Sent = { messages: { role: string; content: Block[] | string }[] };

beforeEach(async () => {
  server = await startFakeAnthropic();
  provider = createAnthropic({ apiKey: server.apiKey, baseURL: server.baseURL });
  router = createRouter({
    providers: [provider],
    models: { fast: ['anthropic:claude-opus-4-5', 'anthropic:claude-haiku-4-5'] },
    retry: { maxRetries: 0 },
  });
});
afterEach(async () => {
  await router.close();
  await provider.close?.();
  await server.close();
});

describe('streamed tool loop through the Anthropic SDK', () => {
  it('streams reasoning, text, tool calls, step-finish and tool results in order, then one finish', async () => {
    server.stream(twoCalls).stream('Sunny, 2 h by train.');
    const { kinds, events, error } = await readEvents(router.stream(ask));
    expect(error).toBeUndefined();
    expect(kinds).toEqual([
      'start:claude-opus-4-5',
      'reasoning-delta',
      'text-delta',
      'tool-call:weather',
      'tool-call:route',
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start:claude-opus-4-5',
      'text-delta',
      'finish',
    ]);
    const finish = events.at(-1);
    const response = finish?.type === 'finish' ? finish.response : undefined;
    expect(response?.text).toBe('Sunny, 2 h by train.');
    // Turn 2 carried the signed thinking back, then both results as tool_result blocks.
    const sent = server.requests[1]?.body as Sent;
    const blocks = (i: number) => (sent.messages[i]?.content ?? []) as Block[];
    expect(blocks(1).map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
    const calls = response?.toolLoop?.steps[0]?.response.toolCalls ?? [];
    expect(blocks(2).map((b) => b.tool_use_id)).toEqual(calls.map((c) => c.id));
    const results = (server.requests[1]?.chat?.messages ?? []).filter(
      (m): m is ToolMessage => m.role === 'tool',
    );
    expect(results.map((m) => JSON.parse(m.content))).toEqual([
      { weather: 'Lyon' },
      { route: 'Lyon' },
    ]);
  });

  it('a turn that fails mid-stream throws a typed error after its events, with no fallback', async () => {
    server.stream(twoCalls).stream('The forecast says sun all day long', { errorAfterChunks: 2 });
    const { kinds, error } = await readEvents(router.stream(ask));
    expect(kinds.slice(5)).toEqual([
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start:claude-opus-4-5',
      'text-delta',
    ]);
    expect(error).toMatchObject({ kind: 'server', provider: 'anthropic' });
    expect(server.requests).toHaveLength(2);
  });

  it('a turn that fails before its first event falls back to the next candidate', async () => {
    server.stream(twoCalls).fail(529).stream('From the fallback.');
    const { kinds, error } = await readEvents(router.stream(ask));
    expect(error).toBeUndefined();
    expect(kinds.slice(-3)).toEqual(['start:claude-haiku-4-5', 'text-delta', 'finish']);
    expect(server.requests.map((r) => r.chat?.model)).toEqual([
      'claude-opus-4-5',
      'claude-opus-4-5',
      'claude-haiku-4-5',
    ]);
  });
});
