import { createRouter, createToolRegistry, type Router, type ToolMessage } from '@switchyard/core';
import {
  cityTool,
  type FakeServer,
  readEvents,
  startFakeOpenAI,
  TWO_CITY_CALLS,
} from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createOpenAI } from './openai-provider.js';

// The streamed tool loop through the real openai SDK and the fake server: the events of each
// turn in order, the mid-stream failure contract kept per turn (a fallback before a turn's first
// event, a typed error after it), and a registry domain chosen by the classifier.

let server: FakeServer;
let router: Router;

const city = z.object({ city: z.string() });
const tool = (name: string, domain = 'travel') => cityTool(name, city, domain);
const ask = {
  messages: [{ role: 'user' as const, content: 'Plan a day in Lyon' }],
  tools: [tool('weather'), tool('route')],
  maxSteps: 3,
};
const twoCalls = {
  text: 'Checking both.',
  toolCalls: TWO_CITY_CALLS,
};
const toolMessages = (i: number) =>
  (server.requests[i]?.chat?.messages ?? []).filter((m): m is ToolMessage => m.role === 'tool');

beforeEach(async () => {
  server = await startFakeOpenAI();
  router = createRouter({
    providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
    models: { fast: ['openai:gpt-4o-mini', 'openai:gpt-4o'] },
    retry: { maxRetries: 0 },
  });
});
afterEach(async () => {
  await router.close();
  await server.close();
});

describe('streamed tool loop through the OpenAI SDK', () => {
  it('streams text, tool calls, step-finish and tool results in order, then one finish', async () => {
    server.stream(twoCalls).stream('Sunny, 2 h by train.');
    const { kinds, events, error } = await readEvents(router.stream(ask));
    expect(error).toBeUndefined();
    expect(kinds).toEqual([
      'start:gpt-4o-mini',
      'text-delta',
      'tool-call:weather',
      'tool-call:route',
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start:gpt-4o-mini',
      'text-delta',
      'finish',
    ]);
    const finish = events.at(-1);
    const response = finish?.type === 'finish' ? finish.response : undefined;
    expect(response?.text).toBe('Sunny, 2 h by train.');
    expect(response?.toolLoop?.stopReason).toBe('answered');
    // Both results went back, in one turn, answering the streamed calls' ids.
    const calls = response?.toolLoop?.steps[0]?.response.toolCalls ?? [];
    expect(toolMessages(1).map((m) => m.toolCallId)).toEqual(calls.map((c) => c.id));
    expect(toolMessages(1).map((m) => JSON.parse(m.content))).toEqual([
      { weather: 'Lyon' },
      { route: 'Lyon' },
    ]);
  });

  it('a turn that fails mid-stream throws a typed error after its events, with no fallback', async () => {
    server.stream(twoCalls).stream('The forecast says sun all day long', { errorAfterChunks: 2 });
    const { kinds, error } = await readEvents(router.stream(ask));
    expect(kinds).toEqual([
      'start:gpt-4o-mini',
      'text-delta',
      'tool-call:weather',
      'tool-call:route',
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start:gpt-4o-mini',
      'text-delta',
    ]);
    expect(error).toMatchObject({ kind: 'server', provider: 'openai' });
    // Committed to its candidate: the second model was never asked.
    expect(server.requests).toHaveLength(2);
  });

  it('a turn that fails before its first event falls back to the next candidate', async () => {
    server.stream(twoCalls).fail(503).stream('From the fallback.');
    const { kinds, events, error } = await readEvents(router.stream(ask));
    expect(error).toBeUndefined();
    expect(kinds.slice(-3)).toEqual(['start:gpt-4o', 'text-delta', 'finish']);
    expect(server.requests.map((r) => r.chat?.model)).toEqual([
      'gpt-4o-mini',
      'gpt-4o-mini',
      'gpt-4o',
    ]);
    // The fallback got the same conversation: the tool results of step 1.
    expect(toolMessages(2)).toHaveLength(2);
    const finish = events.at(-1);
    expect(finish?.type === 'finish' && finish.response.route.tools?.steps[1]?.model).toBe(
      'gpt-4o',
    );
  });
});

describe('a registry domain chosen by the classifier', () => {
  const registry = () => {
    const coding = vi.fn(async () => [tool('run_tests', 'coding'), tool('lint', 'coding')]);
    const travel = vi.fn(async () => [tool('weather'), tool('route')]);
    return { coding, travel, registry: createToolRegistry({ domains: { coding, travel } }) };
  };

  it('offers only the domain of the built-in rules’ category when the request names none', async () => {
    const { coding, travel, registry: tools } = registry();
    server.reply('Done.');
    const answer = await router.chat({
      messages: [{ role: 'user', content: 'This TypeScript function fails to compile, fix it' }],
      toolRegistry: tools,
      maxSteps: 2,
    });
    expect(server.requests[0]?.chat?.tools?.map((t) => t.name)).toEqual(['run_tests', 'lint']);
    expect(coding).toHaveBeenCalledTimes(1);
    expect(travel).not.toHaveBeenCalled();
    expect(answer.route.tools).toMatchObject({ domain: 'coding', domainSource: 'classifier' });
    expect(answer.route.tools?.savedTokens).toBeGreaterThan(0);
  });

  it('uses the router’s own classifier rules, and the request’s domain when it names one', async () => {
    await router.close();
    router = createRouter({
      providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
      models: { fast: ['openai:gpt-4o-mini'] },
      classifier: { rules: [{ category: 'travel', keywords: ['trip', 'train'], weight: 3 }] },
    });
    const { coding, registry: tools } = registry();
    server.reply('Booked.').reply('Linted.');
    const trip = await router.chat({
      messages: [{ role: 'user', content: 'A train trip to Lyon on Friday' }],
      toolRegistry: tools,
      maxSteps: 2,
    });
    expect(server.requests[0]?.chat?.tools?.map((t) => t.name)).toEqual(['weather', 'route']);
    expect(trip.route.tools).toMatchObject({ domain: 'travel', domainSource: 'classifier' });
    expect(coding).not.toHaveBeenCalled();
    // The host's toolDomain wins over the classifier's travel.
    const named = await router.chat({
      messages: [{ role: 'user', content: 'A train trip to Lyon on Friday' }],
      toolRegistry: tools,
      toolDomain: 'coding',
      maxSteps: 2,
    });
    expect(server.requests[1]?.chat?.tools?.map((t) => t.name)).toEqual(['run_tests', 'lint']);
    expect(named.route.tools).toMatchObject({ domain: 'coding', domainSource: 'request' });
  });
});
