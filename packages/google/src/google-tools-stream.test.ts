import { createRouter, type Provider, type Router } from '@switchyard/core';
import {
  cityTool,
  type FakeServer,
  readEvents,
  startFakeGoogle,
  TWO_CITY_CALLS,
} from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGoogle } from './google-provider.js';

// The streamed tool loop through the real Gemini SDK and the fake server: the streamed function
// calls keep their thoughtSignature into the next turn (the fake refuses the replay without it),
// results go back as functionResponse parts, and a turn failing mid-stream throws a typed error.

let server: FakeServer;
let provider: Provider;
let router: Router;

const city = z.object({ city: z.string() });
const ask = {
  messages: [{ role: 'user' as const, content: 'Weather and route for Lyon?' }],
  tools: [cityTool('weather', city), cityTool('route', city)],
  maxSteps: 3,
};
type Part = { functionResponse?: { name: string }; thoughtSignature?: string };
type Sent = { contents: { role: string; parts: Part[] }[] };

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
    server.stream({ toolCalls: TWO_CITY_CALLS }).stream('Sunny in Lyon, 2 h to Nice.');
    const { kinds, error, events } = await readEvents(router.stream(ask));
    expect(error).toBeUndefined();
    expect(kinds).toEqual([
      'start:gemini-3-pro-preview',
      'tool-call:weather',
      'tool-call:route',
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start:gemini-3-pro-preview',
      'text-delta',
      'finish',
    ]);
    const last = events.at(-1);
    expect(last?.type === 'finish' && last.response.text).toBe('Sunny in Lyon, 2 h to Nice.');
    const sent = server.requests[1]?.body as Sent;
    expect(typeof sent.contents[1]?.parts[0]?.thoughtSignature).toBe('string');
    expect(sent.contents[2]?.parts.map((p) => p.functionResponse?.name)).toEqual([
      'weather',
      'route',
    ]);
  });

  it('a turn failing mid-stream throws a typed error after its events', async () => {
    server
      .stream({ toolCalls: TWO_CITY_CALLS })
      .stream('The forecast says sun all day long', { errorAfterChunks: 2 });
    const { kinds, error } = await readEvents(router.stream(ask));
    expect(kinds.slice(-3)).toEqual([
      'tool-result:route',
      'start:gemini-3-pro-preview',
      'text-delta',
    ]);
    expect(error).toMatchObject({ kind: 'server', provider: 'google' });
    expect(server.requests).toHaveLength(2);
  });
});
