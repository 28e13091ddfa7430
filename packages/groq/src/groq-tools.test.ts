import {
  createRouter,
  defineTool,
  type Provider,
  type Router,
  type StreamEvent,
  type ToolMessage,
} from '@switchyard/core';
import { type FakeServer, startFakeGroq } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGroq } from './groq-provider.js';

// The router's tool loop through the real groq-sdk and the fake server: results go back as
// `tool` messages (several in one turn), bad arguments become that call's error result, and the
// streamed loop keeps its event order and the mid-stream failure contract per turn.

let server: FakeServer;
let provider: Provider;
let router: Router;

// When each tool started and finished: overlapping windows prove the calls ran in parallel.
const windows: { start: number; end: number }[] = [];
const tool = (name: string) =>
  defineTool({
    name,
    description: `The ${name} of a city`,
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      const start = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
      windows.push({ start, end: performance.now() });
      return { [name]: city };
    },
  });
const ask = {
  messages: [{ role: 'user' as const, content: 'Plan a day in Lyon' }],
  tools: [tool('weather'), tool('route')],
  maxSteps: 3,
};
const calls = (route: Record<string, unknown> = { city: 'Lyon' }) => ({
  toolCalls: [
    { name: 'weather', arguments: { city: 'Lyon' } },
    { name: 'route', arguments: route },
  ],
});
const toolMessages = (i: number) =>
  (server.requests[i]?.chat?.messages ?? []).filter((m): m is ToolMessage => m.role === 'tool');

beforeEach(async () => {
  windows.length = 0;
  server = await startFakeGroq();
  provider = createGroq({ apiKey: server.apiKey, baseURL: server.baseURL });
  router = createRouter({
    providers: [provider],
    models: { fast: ['groq:llama-3.3-70b-versatile', 'groq:llama-3.1-8b-instant'] },
    retry: { maxRetries: 0 },
  });
});
afterEach(async () => {
  await router.close();
  await provider.close?.();
  await server.close();
});

describe('tool loop through groq-sdk', () => {
  it('runs the calls in parallel and sends both tool messages back in one turn', async () => {
    server.reply(calls()).reply('Sunny, 2 h by train.');
    const answer = await router.chat(ask);
    expect(answer.text).toBe('Sunny, 2 h by train.');
    expect(answer.provider).toBe('groq');
    expect(windows).toHaveLength(2);
    const firstEnd = Math.min(...windows.map((w) => w.end));
    expect(windows.every((w) => w.start < firstEnd)).toBe(true);
    const ids = answer.toolLoop?.steps[0]?.response.toolCalls.map((c) => c.id);
    expect(toolMessages(1).map((m) => m.toolCallId)).toEqual(ids);
    expect(toolMessages(1).map((m) => JSON.parse(m.content))).toEqual([
      { weather: 'Lyon' },
      { route: 'Lyon' },
    ]);
    // On the wire: OpenAI-style `tool` messages answering the assistant's calls.
    const wire = server.requests[1]?.body as {
      messages: { role: string; tool_call_id?: string }[];
    };
    expect(wire.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual(ids);
  });

  it('sends bad arguments back as that call’s error result, the other result beside it', async () => {
    server.reply(calls({ town: 'Lyon' })).reply('Sunny; which route?');
    const answer = await router.chat(ask);
    expect(answer.text).toBe('Sunny; which route?');
    const [ok, bad] = toolMessages(1);
    expect(ok?.isError).toBeFalsy();
    expect(bad?.content).toContain('Invalid arguments for \\"route\\"');
    expect(answer.route.tools?.steps[0]?.calls.map((c) => c.error)).toEqual([
      undefined,
      'invalid-arguments',
    ]);
  });

  it('stream: events in order, and a turn failing mid-stream throws a typed error after its events', async () => {
    server
      .stream({ text: 'Checking.', ...calls() })
      .stream('The forecast says sun all day long', { errorAfterChunks: 2 });
    const kinds: string[] = [];
    let error: unknown;
    try {
      for await (const event of router.stream(ask)) {
        const kind = kindOf(event);
        if (kind !== kinds.at(-1) || kind !== 'text-delta') kinds.push(kind);
      }
    } catch (e) {
      error = e;
    }
    expect(kinds).toEqual([
      'start',
      'text-delta',
      'tool-call:weather',
      'tool-call:route',
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start',
      'text-delta',
    ]);
    expect(error).toMatchObject({ kind: 'server', provider: 'groq' });
    expect(server.requests).toHaveLength(2);
  });
});

function kindOf(event: StreamEvent): string {
  if (event.type === 'tool-call') return `tool-call:${event.toolCall.name}`;
  if (event.type === 'tool-result') return `tool-result:${event.result.call.name}`;
  return event.type;
}
