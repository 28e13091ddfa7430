import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ConnectionError, TimeoutError } from '../errors/provider-errors.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Provider, ProviderStreamPart } from '../provider/provider.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { createRouter, type Router } from './router.js';
import { expectNoTimersLeft } from './timer-checks.test-util.js';

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Tell me a story' }],
  ...extra,
});

async function collect(
  stream: AsyncIterable<StreamEvent>,
): Promise<{ events: StreamEvent[]; error?: SwitchyardError }> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events };
  } catch (error) {
    if (!SwitchyardError.isInstance(error)) throw error;
    return { events, error };
  }
}

let primary: MockProvider;
let backup: MockProvider;
let router: Router;

beforeEach(() => {
  primary = createMockProvider({
    id: 'primary',
    rules: [{ reply: 'Once upon a time there was a router.' }],
  });
  backup = createMockProvider({ id: 'backup', rules: [{ reply: 'Backup story.' }] });
  router = createRouter({
    providers: [primary, backup],
    models: { fast: ['primary:small', 'backup:small'] },
    retry: { maxRetries: 0 },
    attemptTimeoutMs: 1000,
    streamIdleTimeoutMs: 500,
  });
});
afterEach(async () => {
  await router.close();
  vi.useRealTimers();
});

describe('router.stream', () => {
  it('yields start, the deltas, then finish with the full response', async () => {
    const { events, error } = await collect(router.stream(ask()));
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['start', ...Array(8).fill('text-delta'), 'finish']);
    const start = events[0] as Extract<StreamEvent, { type: 'start' }>;
    expect(start).toMatchObject({ provider: 'primary', model: 'small', cached: false });
    expect(start.route.candidates).toEqual(['primary:small', 'backup:small']);
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(text).toBe('Once upon a time there was a router.');
    expect(finish.response.text).toBe(text);
    expect(finish.response.finishReason).toBe('stop');
    expect(finish.response.usage.outputTokens).toBeGreaterThan(0);
    expect(finish.response.route.attempts).toEqual([
      expect.objectContaining({ provider: 'primary', outcome: 'success' }),
    ]);
  });

  it('streams tool calls', async () => {
    primary.replyNext({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const { events } = await collect(router.stream(ask()));
    expect(events.map((e) => e.type)).toEqual(['start', 'tool-call', 'finish']);
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.response.toolCalls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
    ]);
    expect(finish.response.finishReason).toBe('tool-calls');
  });

  it('falls back to the next candidate when the first fails before any event', async () => {
    primary.failNext({ status: 529, message: 'Overloaded' });
    const { events, error } = await collect(router.stream(ask()));
    expect(error).toBeUndefined();
    expect(events[0]).toMatchObject({ type: 'start', provider: 'backup' });
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.response.text).toBe('Backup story.');
    expect(finish.response.route.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['primary', 'error'],
      ['backup', 'success'],
    ]);
  });

  it('never falls back after the first delta: it ends with a typed error instead', async () => {
    primary.addRule({
      reply: 'one two three four',
      failAfterChunks: 2,
      fail: { status: 500 },
      times: 1,
    });
    const { events, error } = await collect(router.stream(ask()));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta']);
    expect(error?.kind).toBe('server');
    expect(error?.route?.attempts.at(-1)).toMatchObject({
      provider: 'primary',
      outcome: 'error',
      errorKind: 'server',
    });
    expect(backup.callCount).toBe(0);
  });

  it('reports a stream that ends without a finish as truncated, never as a clean finish', async () => {
    const truncating: Provider = {
      specificationVersion: 'v1',
      id: 'cut',
      chat: () => Promise.reject(new Error('unused')),
      async *stream(): AsyncGenerator<ProviderStreamPart> {
        yield { type: 'text-delta', text: 'Half a sent' };
      },
    };
    await router.close();
    router = createRouter({
      providers: [truncating, backup],
      models: { fast: ['cut:x', 'backup:small'] },
    });
    const { events, error } = await collect(router.stream(ask()));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta']);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error?.code).toBe('stream_truncated');
    expect(events.some((e) => e.type === 'finish')).toBe(false);
  });

  it('treats an empty stream as a failed attempt and falls back', async () => {
    const empty: Provider = {
      specificationVersion: 'v1',
      id: 'empty',
      chat: () => Promise.reject(new Error('unused')),
      async *stream(): AsyncGenerator<ProviderStreamPart> {},
    };
    await router.close();
    router = createRouter({
      providers: [empty, backup],
      models: { fast: ['empty:x', 'backup:small'] },
    });
    const { events } = await collect(router.stream(ask()));
    expect(events[0]).toMatchObject({ type: 'start', provider: 'backup' });
  });

  it('stops the provider at once when the caller aborts mid-stream', async () => {
    vi.useFakeTimers();
    await router.close();
    const slow = createMockProvider({
      id: 'slow',
      rules: [{ reply: 'a b c d e f' }],
      chunkDelayMs: 100,
    });
    router = createRouter({
      providers: [slow, backup],
      models: { fast: ['slow:x', 'backup:small'] },
    });
    const controller = new AbortController();
    const seen: StreamEvent[] = [];
    const consuming = (async () => {
      for await (const event of router.stream(ask({ signal: controller.signal }))) seen.push(event);
    })().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(150);
    expect(seen.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta']);
    controller.abort();
    const error = await consuming;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(slow.calls[0]?.outcome).toBe('aborted');
    expect(backup.callCount).toBe(0);
    await expectNoTimersLeft();
    expect(seen).toHaveLength(3);
  });

  it('aborts the provider when the consumer stops reading', async () => {
    vi.useFakeTimers();
    await router.close();
    const slow = createMockProvider({
      id: 'slow',
      rules: [{ reply: 'a b c d e f' }],
      chunkDelayMs: 100,
    });
    router = createRouter({ providers: [slow], models: { fast: ['slow:x'] } });
    for await (const event of router.stream(ask())) {
      if (event.type === 'text-delta') break;
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(slow.calls[0]?.outcome).toBe('aborted');
    await expectNoTimersLeft();
  });

  it('falls back when the first chunk does not arrive within the attempt timeout', async () => {
    vi.useFakeTimers();
    primary.hangNext();
    const result = collect(router.stream(ask()));
    await vi.advanceTimersByTimeAsync(1000);
    const { events } = await result;
    expect(events[0]).toMatchObject({ type: 'start', provider: 'backup' });
    expect(primary.calls[0]?.outcome).toBe('aborted');
  });

  it('abandons a stream that goes quiet for longer than the idle timeout', async () => {
    vi.useFakeTimers();
    await router.close();
    const stalling = createMockProvider({
      id: 'stall',
      rules: [{ reply: 'a b' }],
      chunkDelayMs: 10_000,
    });
    router = createRouter({
      providers: [stalling, backup],
      models: { fast: ['stall:x', 'backup:small'] },
      streamIdleTimeoutMs: 500,
    });
    const result = collect(router.stream(ask()));
    await vi.advanceTimersByTimeAsync(500);
    const { events, error } = await result;
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta']);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).scope).toBe('idle');
    expect(stalling.calls[0]?.outcome).toBe('aborted');
    expect(backup.callCount).toBe(0);
  });
});
