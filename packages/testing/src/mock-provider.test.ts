import {
  AbortError,
  ContextLengthError,
  contentText,
  createRouter,
  InvalidRequestError,
  type ProviderRequest,
  RateLimitError,
  ServerError,
  type SwitchyardError,
} from '@switchyard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { drainStream } from './await-helpers.js';
import { createMockProvider } from './mock-provider.js';

const request = (content: string, extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'm1',
  messages: [{ role: 'user', content }],
  ...extra,
});
const options = (signal: AbortSignal = new AbortController().signal) => ({ signal });

afterEach(() => {
  vi.useRealTimers();
});

describe('createMockProvider', () => {
  it('answers by the first matching rule and records every call', async () => {
    const mock = createMockProvider({
      id: 'openai',
      rules: [
        {
          when: { lastUserMessage: /weather/i },
          reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
        },
        { when: (r) => r.model === 'big', reply: 'big answer' },
        { when: { json: true }, reply: '{"ok":true}' },
        { reply: (r, index) => `call ${index} for ${r.model}` },
      ],
    });
    const weather = await mock.chat(request('What is the weather?'), options());
    expect(weather.toolCalls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
    ]);
    expect(weather.finishReason).toBe('tool-calls');
    expect((await mock.chat(request('hi', { model: 'big' }), options())).text).toBe('big answer');
    expect(
      (await mock.chat(request('hi', { responseFormat: { type: 'json' } }), options())).text,
    ).toBe('{"ok":true}');
    expect((await mock.chat(request('hi'), options())).text).toBe('call 3 for m1');
    expect(mock.calls.map((c) => [c.kind, c.index, c.outcome])).toEqual([
      ['chat', 0, 'success'],
      ['chat', 1, 'success'],
      ['chat', 2, 'success'],
      ['chat', 3, 'success'],
    ]);
    expect(mock.calls[1]?.request.model).toBe('big');
  });

  it('estimates usage at four characters a token unless told', async () => {
    const mock = createMockProvider({
      rules: [{ reply: { text: '12345678', usage: { inputTokens: 100 } } }],
    });
    const response = await mock.chat(request('x'.repeat(40)), options());
    expect(response.usage).toMatchObject({ inputTokens: 100, outputTokens: 2, totalTokens: 102 });
    const plain = await createMockProvider({ rules: [{ reply: 'abcd' }] }).chat(
      request('x'.repeat(40)),
      options(),
    );
    expect(plain.usage).toMatchObject({ inputTokens: 10, outputTokens: 1, totalTokens: 11 });
  });

  it('passes every scripted usage field through, in chat and stream', async () => {
    const usage = {
      inputTokens: 10_000,
      cachedInputTokens: 2_000,
      cacheWriteInputTokens: 3_000,
      outputTokens: 500,
      reasoningTokens: 200,
      serverToolRequests: { webSearch: 2 },
    };
    const mock = createMockProvider({ rules: [{ reply: { text: 'ok', usage } }] });
    const answer = await mock.chat(request('hi'), options());
    expect(answer.usage).toEqual({ ...usage, totalTokens: 10_500 });
    const { parts } = await drainStream(mock.stream(request('hi'), options()));
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      usage: { ...usage, totalTokens: 10_500 },
    });
  });

  it('scripts reasoning (streamed as reasoning-delta before the text), continuation and metadata', async () => {
    const continuation = { vendor: 'mock', data: { signature: 'S' } };
    const mock = createMockProvider({
      vendor: 'anthropic',
      rules: [
        {
          reply: {
            reasoning: 'think hard',
            text: 'done',
            continuation,
            providerMetadata: { mock: { citations: [] } },
          },
        },
      ],
    });
    expect(mock.vendor).toBe('anthropic');
    const answer = await mock.chat(request('hi'), options());
    expect(answer).toMatchObject({ text: 'done', reasoning: 'think hard', continuation });
    const { parts } = await drainStream(mock.stream(request('hi'), options()));
    expect(parts.map((p) => p.type)).toEqual([
      'reasoning-delta',
      'reasoning-delta',
      'text-delta',
      'finish',
    ]);
    expect(parts.at(-1)).toMatchObject({
      continuation,
      providerMetadata: { mock: { citations: [] } },
    });
  });

  it('gives a default answer that names the model and the question', async () => {
    const answer = await createMockProvider({ id: 'mock' }).chat(
      request('Capital of France?'),
      options(),
    );
    expect(answer.text).toBe('[mock:m1] mock answer to "Capital of France?"');
  });

  it('injects failures by kind, by status, for the next N calls, then recovers', async () => {
    const mock = createMockProvider({ id: 'p', rules: [{ reply: 'fine' }] });
    mock.failNext({ status: 429, retryAfterMs: 1500 }, 2).failNext('context-length');
    const errors: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        await mock.chat(request('x'), options());
      } catch (error) {
        errors.push(error);
      }
    }
    expect(ContextLengthError.isInstance(errors[0])).toBe(true);
    expect(RateLimitError.isInstance(errors[1])).toBe(true);
    expect((errors[1] as RateLimitError).retryAfterMs).toBe(1500);
    expect((errors[2] as RateLimitError).status).toBe(429);
    expect(errors).toHaveLength(3);
    expect(mock.calls.map((c) => c.outcome)).toEqual(['error', 'error', 'error', 'success']);
  });

  it('maps statuses the way adapters do', async () => {
    const mock = createMockProvider();
    const kinds: string[] = [];
    for (const status of [401, 403, 408, 409, 413, 500, 503, 529, 404]) {
      mock.failNext({ status });
      try {
        await mock.chat(request('x'), options());
      } catch (error) {
        kinds.push((error as SwitchyardError).kind);
      }
    }
    expect(kinds).toEqual([
      'auth',
      'auth',
      'timeout',
      'server',
      'context-length',
      'server',
      'server',
      'server',
      'invalid-request',
    ]);
  });

  it('throws a given error object as it is', async () => {
    const custom = new ServerError('custom');
    const mock = createMockProvider().failNext(custom);
    await expect(mock.chat(request('x'), options())).rejects.toBe(custom);
  });

  it('waits for fixed and random latency, and stops waiting when aborted', async () => {
    vi.useFakeTimers();
    const mock = createMockProvider({
      latencyMs: { min: 100, max: 200 },
      random: () => 0.5,
      rules: [{ reply: 'late' }],
    });
    let done = false;
    const pending = mock.chat(request('x'), options()).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(149);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(done).toBe(true);

    const controller = new AbortController();
    const aborted = mock.chat(request('x'), options(controller.signal)).catch((e: unknown) => e);
    controller.abort();
    expect(AbortError.isInstance(await aborted)).toBe(true);
    expect(mock.calls[1]?.outcome).toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hangs until aborted', async () => {
    const mock = createMockProvider().hangNext();
    const controller = new AbortController();
    let settled = false;
    const pending = mock.chat(request('x'), options(controller.signal)).catch((e: unknown) => {
      settled = true;
      return e;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    controller.abort();
    expect(AbortError.isInstance(await pending)).toBe(true);
  });

  it('streams in word chunks or fixed-size chunks, ending with finish', async () => {
    const words = await drainStream(
      createMockProvider({ rules: [{ reply: 'Hello brave new world' }] }).stream(
        request('x'),
        options(),
      ),
    );
    expect(words.parts.map((p) => (p.type === 'text-delta' ? p.text : p.type))).toEqual([
      'Hello ',
      'brave ',
      'new ',
      'world',
      'finish',
    ]);
    const sized = await drainStream(
      createMockProvider({ chunkSize: 3, rules: [{ reply: 'abcdefgh' }] }).stream(
        request('x'),
        options(),
      ),
    );
    expect(
      sized.parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text),
    ).toEqual(['abc', 'def', 'gh']);
    expect(sized.parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('fails a stream after K chunks', async () => {
    const mock = createMockProvider({
      rules: [{ reply: 'a b c d', failAfterChunks: 2, fail: { status: 503 } }],
    });
    const { parts, error } = await drainStream(mock.stream(request('x'), options()));
    expect(parts).toHaveLength(2);
    expect(ServerError.isInstance(error)).toBe(true);
    expect(mock.calls[0]).toMatchObject({ outcome: 'error', chunks: 2 });
  });

  it('refuses models it does not know when given a model list', async () => {
    const mock = createMockProvider({ id: 'v', models: { m1: { contextWindow: 8000 } } });
    await expect(mock.chat(request('x', { model: 'm2' }), options())).rejects.toSatisfy(
      (e: unknown) =>
        InvalidRequestError.isInstance(e) && (e as InvalidRequestError).status === 404,
    );
    expect(mock.getModelInfo?.('m1')).toMatchObject({
      contextWindow: 8000,
      capabilities: { tools: true },
    });
    expect(mock.getModelInfo?.('m2')).toBeUndefined();
  });

  it('uses up rules with times and forgets added rules on reset', async () => {
    const mock = createMockProvider({ rules: [{ reply: 'twice', times: 2 }, { reply: 'after' }] });
    mock.replyNext('injected');
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) texts.push((await mock.chat(request('x'), options())).text);
    expect(texts).toEqual(['injected', 'twice', 'twice', 'after']);
    mock.reset();
    expect(mock.calls).toHaveLength(0);
    expect((await mock.chat(request('x'), options())).text).toBe('twice');
  });

  it('keeps a bounded record of calls', async () => {
    const mock = createMockProvider({ maxRecordedCalls: 10 });
    for (let i = 0; i < 50; i++) await mock.chat(request('x'), options());
    expect(mock.callCount).toBe(50);
    expect(mock.calls.length).toBeLessThan(20);
    expect(mock.calls.at(-1)?.index).toBe(49);
  });
});

describe('createMockProvider with embeddings', () => {
  it('has no embed method unless asked, like the vendors without embeddings', () => {
    expect(createMockProvider().embed).toBeUndefined();
    expect(createMockProvider({ embeddings: false }).embed).toBeUndefined();
  });

  it('embeds through router.embed: one deterministic unit vector per input, usage, fallback on failure', async () => {
    const flaky = createMockProvider({ id: 'flaky', embeddings: true });
    const steady = createMockProvider({ id: 'steady', embeddings: { dimensions: 4 } });
    flaky.failNext({ kind: 'server', status: 503, message: 'down' }, 1);
    const router = createRouter({
      providers: [flaky, steady],
      models: { fast: ['flaky:embed'], vectors: ['flaky:embed', 'steady:embed'] },
      retry: { maxRetries: 0 },
    });
    try {
      const first = await router.embed({ model: 'vectors', input: ['alpha', 'beta'] });
      expect(first.provider).toBe('steady');
      expect(first.embeddings).toHaveLength(2);
      expect(first.embeddings[0]).toHaveLength(4);
      const norm = Math.hypot(...(first.embeddings[0] as number[]));
      expect(norm).toBeCloseTo(1, 10);
      expect(first.embeddings[0]).not.toEqual(first.embeddings[1]);
      expect(first.usage.inputTokens).toBe(3); // ceil(5 / 4) + ceil(4 / 4)
      expect(first.route.attempts.map((a) => [a.provider, a.outcome])).toEqual([
        ['flaky', 'error'],
        ['steady', 'success'],
      ]);
      // The same text, the same vector; the request's dimensions win.
      const again = await router.embed({ model: 'flaky:embed', input: 'alpha', dimensions: 4 });
      expect(again.embeddings[0]).toEqual(first.embeddings[0]);
      const wide = await router.embed({ model: 'flaky:embed', input: 'alpha' });
      expect(wide.embeddings[0]).toHaveLength(8);
      expect(flaky.calls.map((c) => [c.kind, c.outcome])).toEqual([
        ['embed', 'error'],
        ['embed', 'success'],
        ['embed', 'success'],
      ]);
      expect(contentText(flaky.calls[1]?.request.messages[0]?.content ?? '')).toBe('alpha');
    } finally {
      await router.close();
    }
  });

  it('honours the caller abort while a hung embed call waits', async () => {
    const slow = createMockProvider({ embeddings: true });
    slow.hangNext();
    const router = createRouter({ providers: [slow], models: { fast: ['mock:embed'] } });
    try {
      const controller = new AbortController();
      const pending = router
        .embed({ model: 'mock:embed', input: 'x', signal: controller.signal })
        .catch((e: unknown) => e);
      await vi.waitFor(() => expect(slow.callCount).toBe(1));
      controller.abort();
      expect(await pending).toMatchObject({ kind: 'abort' });
      expect(slow.calls[0]?.outcome).toBe('aborted');
    } finally {
      await router.close();
    }
  });
});
