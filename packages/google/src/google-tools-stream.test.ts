import {
  createRouter,
  defineTool,
  type Provider,
  type Router,
  type StreamEvent,
} from '@switchyard/core';
import { type FakeServer, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGoogle } from './google-provider.js';

// The streamed tool loop through the real Gemini SDK and the fake server: the streamed function
// calls keep their thoughtSignature into the next turn (the fake refuses the replay without it),
// results go back as functionResponse parts, and a turn failing mid-stream throws a typed error.

let server: FakeServer;
let provider: Provider;
let router: Router;

const tool = (name: string) =>
  defineTool({
    name,
    description: `The ${name} of a city`,
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => ({ [name]: city }),
  });
const ask = {
  messages: [{ role: 'user' as const, content: 'Lyon and Nice?' }],
  tools: [tool('weather'), tool('route')],
  maxSteps: 3,
};
const twoCalls = {
  toolCalls: [
    { name: 'weather', arguments: { city: 'Lyon' } },
    { name: 'route', arguments: { city: 'Nice' } },
  ],
};
type Part = { functionResponse?: { name: string }; thoughtSignature?: string };
type Sent = { contents: { role: string; parts: Part[] }[] };

async function read(events: AsyncIterable<StreamEvent>) {
  const kinds: string[] = [];
  let error: unknown;
  let last: StreamEvent | undefined;
  try {
    for await (const event of events) {
      last = event;
      const kind =
        event.type === 'tool-call'
          ? `tool-call:${event.toolCall.name}`
          : event.type === 'tool-result'
            ? `tool-result:${event.result.call.name}`
            : event.type;
      if (kind !== kinds.at(-1) || kind !== 'text-delta') kinds.push(kind);
    }
  } catch (e) {
    error = e;
  }
  return { kinds, error, last };
}

beforeEach(async () => {
  server = await startFakeGoogle();
  provider = createGoogle({ apiKey: server.apiKey, baseURL: server.baseURL });
  router = createRouter({
    providers: [provider],
    defaultModel: 'google:gemini-3-pro-preview',
    retry: { maxRetries: 0 },
  });
});
afterEach(async () => {
  await router.close();
  await provider.close?.();
  await server.close();
});

describe('streamed tool loop through the Gemini SDK', () => {
  it('streams the calls, step-finish and results in order; signatures and functionResponses go back', async () => {
    server.stream(twoCalls).stream('Sunny in Lyon, 2 h to Nice.');
    const { kinds, error, last } = await read(router.stream(ask));
    expect(error).toBeUndefined();
    expect(kinds).toEqual([
      'start',
      'tool-call:weather',
      'tool-call:route',
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start',
      'text-delta',
      'finish',
    ]);
    expect(last?.type === 'finish' && last.response.text).toBe('Sunny in Lyon, 2 h to Nice.');
    const sent = server.requests[1]?.body as Sent;
    expect(typeof sent.contents[1]?.parts[0]?.thoughtSignature).toBe('string');
    expect(sent.contents[2]?.parts.map((p) => p.functionResponse?.name)).toEqual([
      'weather',
      'route',
    ]);
  });

  it('a turn failing mid-stream throws a typed error after its events', async () => {
    server.stream(twoCalls).stream('The forecast says sun all day long', { errorAfterChunks: 2 });
    const { kinds, error } = await read(router.stream(ask));
    expect(kinds.slice(-3)).toEqual(['tool-result:route', 'start', 'text-delta']);
    expect(error).toMatchObject({ kind: 'server', provider: 'google' });
    expect(server.requests).toHaveLength(2);
  });
});
