import { createRouter, type Router, type StreamEvent } from '@switchyard/core';
import { type FakeServer, startFakeAnthropic } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropic } from './anthropic-provider.js';

// The adapter under the router, over real HTTP: an overloaded vendor is retried after the wait it
// asked for, and a stream keeps its usage end to end.

let server: FakeServer;
let router: Router;
const messages = [{ role: 'user' as const, content: 'Capital of France?' }];

beforeEach(async () => {
  server = await startFakeAnthropic();
  router = createRouter({
    providers: [createAnthropic({ apiKey: server.apiKey, baseURL: server.baseURL })],
    models: { fast: 'anthropic:claude-haiku-4-5' },
    retry: { maxRetries: 1, initialDelayMs: 1 },
  });
});

afterEach(async () => {
  await router.close();
  await server.close();
});

describe('Anthropic adapter under the router', () => {
  it('retries a 529 after the wait the vendor asked for, then answers', async () => {
    server
      .fail(529, { retryAfterMs: 60 })
      .reply({ text: 'Paris.', usage: { inputTokens: 5, outputTokens: 2, cachedInputTokens: 3 } });
    const started = Date.now();
    const answer = await router.chat({ messages });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(answer).toMatchObject({
      text: 'Paris.',
      provider: 'anthropic',
      usage: { inputTokens: 5, totalTokens: 7, cachedInputTokens: 3 },
    });
    expect(answer.route.attempts.map((a) => [a.outcome, a.errorKind])).toEqual([
      ['error', 'server'],
      ['success', undefined],
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('streams start, deltas and a finish with the usage split across events', async () => {
    server.stream({ text: 'Paris is the capital.', usage: { inputTokens: 5, outputTokens: 6 } });
    const events: StreamEvent[] = [];
    for await (const event of router.stream({ messages })) events.push(event);
    expect(events[0]).toMatchObject({
      type: 'start',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    const text = events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
    expect(text).toBe('Paris is the capital.');
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      response: { text: 'Paris is the capital.', usage: { inputTokens: 5, outputTokens: 6 } },
    });
  });
});
