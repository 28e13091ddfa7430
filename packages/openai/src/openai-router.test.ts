import { createRouter, type Router, type StreamEvent } from '@switchyard/core';
import { createMockProvider, type FakeServer, startFakeOpenAI } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOpenAI } from './openai-provider.js';

// The adapter under the router, over real HTTP: the router's retries honour the vendor's wait,
// and streams keep their contract end to end.

let server: FakeServer;
let router: Router;
const messages = [{ role: 'user' as const, content: 'Capital of France?' }];

beforeEach(async () => {
  server = await startFakeOpenAI();
  router = createRouter({
    providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
    models: { fast: 'openai:gpt-4o-mini' },
    retry: { maxRetries: 1, initialDelayMs: 1 },
  });
});

afterEach(async () => {
  await router.close();
  await server.close();
});

describe('OpenAI adapter under the router', () => {
  it('retries a rate limit after the wait the vendor asked for, then answers', async () => {
    server
      .fail(429, { retryAfterMs: 60 })
      .reply({ text: 'Paris.', usage: { inputTokens: 5, outputTokens: 2 } });
    const started = Date.now();
    const answer = await router.chat({ messages });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(answer).toMatchObject({ text: 'Paris.', provider: 'openai', usage: { totalTokens: 7 } });
    expect(answer.route.attempts.map((a) => [a.outcome, a.errorKind])).toEqual([
      ['error', 'rate-limit'],
      ['success', undefined],
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('streams start, deltas and a finish with usage', async () => {
    server.stream({ text: 'Paris is the capital.', usage: { inputTokens: 5, outputTokens: 6 } });
    const events: StreamEvent[] = [];
    for await (const event of router.stream({ messages })) events.push(event);
    expect(events[0]).toMatchObject({ type: 'start', provider: 'openai', model: 'gpt-4o-mini' });
    const text = events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
    expect(text).toBe('Paris is the capital.');
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      response: { text: 'Paris is the capital.', usage: { inputTokens: 5, outputTokens: 6 } },
    });
  });

  it('ends a stream cut after its first delta with a typed error, not a finish', async () => {
    server.stream('one two three', { truncate: 1 });
    const events: StreamEvent[] = [];
    let caught: unknown;
    try {
      for await (const event of router.stream({ messages })) events.push(event);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ kind: 'connection', code: 'stream_truncated' });
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta']);
    expect(server.requests).toHaveLength(1);
  });

  it('answers a tool call cut by the token limit once, as finish length, never as a vendor failure', async () => {
    const cut = {
      toolCalls: [{ name: 'send_email', arguments: '{"body":"The quarterly numbers show' }],
      finishReason: 'length' as const,
    };
    const tools = [{ name: 'send_email', parameters: { type: 'object' } }];
    for (let i = 0; i < 2; i++) {
      server.reply(cut).stream(cut);
      const answer = await router.chat({ messages, tools, maxTokens: 16 });
      expect(answer).toMatchObject({ finishReason: 'length', provider: 'openai' });
      expect(answer.toolCalls[0]).toMatchObject({
        name: 'send_email',
        incomplete: true,
        arguments: {},
        rawArguments: '{"body":"The quarterly numbers show',
      });
      const events = [];
      for await (const event of router.stream({ messages, tools, maxTokens: 16 }))
        events.push(event);
      expect(events.at(-1)).toMatchObject({ type: 'finish', response: { finishReason: 'length' } });
    }
    expect(server.requests).toHaveLength(4);
    expect(router.health().breakers[0]).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
      window: { failures: 0 },
    });
  });
});

describe('a vendor with no API key under the router', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const backup = () =>
    createMockProvider({ id: 'anthropic', rules: [{ reply: 'From the vendor with a key.' }] });

  it('is passed over for the next candidate, without a call, and the trace says why', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const keyless = createRouter({
      providers: [createOpenAI({ baseURL: server.baseURL }), backup()],
      models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] },
    });
    const warnings: string[] = [];
    keyless.on('warning', (event) => {
      warnings.push(event.code);
    });
    try {
      const answer = await keyless.chat({ messages });
      await keyless.chat({ messages: [{ role: 'user', content: 'Again?' }] });
      await new Promise((resolve) => setImmediate(resolve));
      // Said once per provider, not once per request.
      expect(warnings).toEqual(['missing-api-key']);
      expect(answer).toMatchObject({ text: 'From the vendor with a key.', provider: 'anthropic' });
      expect(answer.route.attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
        ['openai', 'error', 'auth'],
        ['anthropic', 'success', undefined],
      ]);
      expect(answer.route.attempts[0]?.errorMessage).toContain('Set OPENAI_API_KEY');
      expect(server.requests).toHaveLength(0);
      // A missing key says nothing about the vendor's health: its breaker stays closed.
      expect(
        keyless.health().breakers.find((b) => b.candidate === 'openai:gpt-4o-mini'),
      ).toMatchObject({
        state: 'closed',
        consecutiveFailures: 0,
      });
    } finally {
      await keyless.close();
    }
  });

  it('fails naming the variable to set when no candidate has a key', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const keyless = createRouter({
      providers: [createOpenAI({ baseURL: server.baseURL }), backup()],
      models: { fast: 'openai:gpt-4o-mini', both: ['openai:gpt-4o-mini', 'openai:gpt-4o'] },
    });
    try {
      // One candidate: its AuthError itself, as hosts that ask for a key test for it.
      const error = await keyless.chat({ messages }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth', code: 'missing_api_key', provider: 'openai' });
      expect((error as Error).message).toBe(
        'openai: no API key. Set OPENAI_API_KEY, or pass `apiKey` to createOpenAI().',
      );
      // Several: NoProviderAvailableError, naming each attempt's missing key.
      const both = await keyless.chat({ messages, model: 'both' }).catch((e: unknown) => e);
      expect(both).toMatchObject({ kind: 'no-provider' });
      expect((both as Error).message).toContain('Set OPENAI_API_KEY');
      expect(server.requests).toHaveLength(0);
    } finally {
      await keyless.close();
    }
  });

  it('a key the vendor rejects still ends the request at once (decision 002)', async () => {
    const fallback = backup();
    const rejected = createRouter({
      providers: [createOpenAI({ apiKey: 'sk-wrong-key-0000', baseURL: server.baseURL }), fallback],
      models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] },
    });
    try {
      const error = await rejected.chat({ messages }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth', status: 401 });
      expect(fallback.calls).toHaveLength(0);
    } finally {
      await rejected.close();
    }
  });
});
