import { createRouter, type Router } from '@switchyard/core';
import { createMockProvider, type FakeServer, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGoogle } from './sdk-under-test.js';

// The adapter under the router, over real HTTP: a schema Gemini cannot take is refused before
// any request, and the next candidate answers.

let server: FakeServer;
let router: Router;
const openai = () => createMockProvider({ id: 'openai', rules: [{ reply: '{"scores":{"a":1}}' }] });
// A widget schema as zod 4 writes `z.object({ scores: z.record(z.string(), z.number()) })`.
const widget = {
  type: 'object',
  properties: {
    scores: {
      type: 'object',
      propertyNames: { type: 'string' },
      additionalProperties: { type: 'number' },
    },
  },
  required: ['scores'],
  additionalProperties: false,
};
const messages = [{ role: 'user' as const, content: 'Score the essays.' }];

beforeEach(async () => {
  server = await startFakeGoogle();
});

afterEach(async () => {
  await router.close();
  await server.close();
});

describe('Google adapter under the router', () => {
  it('refuses a record schema locally and lets the next candidate answer, chat and stream', async () => {
    const fallback = openai();
    router = createRouter({
      providers: [createGoogle({ apiKey: server.apiKey, baseURL: server.baseURL }), fallback],
      models: { smart: ['google:gemini-2.5-flash', 'openai:gpt-4o-mini'] },
    });
    const request = {
      messages,
      model: 'smart',
      responseFormat: { type: 'json' as const, schema: widget },
    };
    const answer = await router.chat(request);
    expect(answer).toMatchObject({ provider: 'openai', text: '{"scores":{"a":1}}' });
    expect(answer.route.attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
      ['google', 'error', 'invalid-request'],
      ['openai', 'success', undefined],
    ]);
    const events = [];
    for await (const event of router.stream(request)) events.push(event);
    expect(events.at(-1)).toMatchObject({ type: 'finish', response: { provider: 'openai' } });
    expect(server.requests).toHaveLength(0);
    expect(fallback.callCount).toBe(2);
    const breaker = router.health().breakers.find((b) => b.candidate === 'google:gemini-2.5-flash');
    expect(breaker).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});
