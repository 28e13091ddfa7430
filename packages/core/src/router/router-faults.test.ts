import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServerError } from '../errors/provider-errors.js';
import type { RouterEvent } from '../events/router-events.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Provider, ProviderStreamPart } from '../provider/provider.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { ZERO_USAGE } from '../provider/usage.js';
import { createRouter, type Router } from './router.js';

// Faults that lived on the request path, each fixed in the step that owns it.

const ask = (content = 'Tell me a story'): ChatRequest => ({
  messages: [{ role: 'user', content }],
});

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

/** A provider whose stream is an async generator that records when its `finally` has run. */
function generatorProvider(): Provider & { closed: number; opened: number } {
  const provider = {
    id: 'gen',
    specificationVersion: 'v1' as const,
    opened: 0,
    closed: 0,
    chat: async () => ({
      text: 'hi',
      toolCalls: [],
      finishReason: 'stop' as const,
      usage: ZERO_USAGE,
    }),
    async *stream(): AsyncGenerator<ProviderStreamPart> {
      provider.opened += 1;
      try {
        yield { type: 'text-delta', text: 'Hello ' };
        yield { type: 'text-delta', text: 'world.' };
        yield { type: 'finish', finishReason: 'stop', usage: ZERO_USAGE };
        // A provider may still be waiting here (a socket, a trailing frame) when finish is read.
        await sleep(60_000);
      } finally {
        provider.closed += 1;
      }
    },
  };
  return provider;
}

describe('finished streams', () => {
  it("close the provider's stream when read to the end", async () => {
    const provider = generatorProvider();
    router = createRouter({
      providers: [provider],
      defaultModel: 'gen:m',
      prices: { 'gen:m': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
    const types: string[] = [];
    for await (const event of router.stream(ask())) types.push(event.type);
    expect(types.at(-1)).toBe('finish');
    await sleep(5);
    expect(provider.closed).toBe(provider.opened);
  });

  it("close the provider's stream as soon as finish is read, before the consumer asks again", async () => {
    const provider = generatorProvider();
    router = createRouter({
      providers: [provider],
      defaultModel: 'gen:m',
      prices: { 'gen:m': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
    const iterator = router.stream(ask())[Symbol.asyncIterator]();
    let event: StreamEvent | undefined;
    do event = (await iterator.next()).value as StreamEvent | undefined;
    while (event !== undefined && event.type !== 'finish');
    expect(event?.type).toBe('finish');
    await sleep(5);
    expect(provider.closed).toBe(1);
    await router.close();
    expect(provider.closed).toBe(1);
  });
});

describe('a shared AbortSignal', () => {
  it('gets one listener however many requests use it, and none once they end', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const provider = createMockProvider({ id: 'm', latencyMs: 20, rules: [{ reply: 'ok' }] });
      router = createRouter({
        providers: [provider],
        defaultModel: 'm:x',
        prices: { 'm:x': { inputPerMTok: 0, outputPerMTok: 0 } },
      });
      const controller = new AbortController();
      const { signal } = controller;
      const chats = Array.from({ length: 12 }, (_, i) =>
        (router as Router).chat({ ...ask(`question ${i}`), signal }),
      );
      const streams = Array.from({ length: 12 }, async (_, i) => {
        const types: string[] = [];
        for await (const e of (router as Router).stream({ ...ask(`story ${i}`), signal }))
          types.push(e.type);
        return types;
      });
      await sleep(5);
      expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1);
      const answers = await Promise.all(chats);
      expect(answers.every((a) => a.text === 'ok')).toBe(true);
      for (const types of await Promise.all(streams)) expect(types.at(-1)).toBe('finish');
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      await sleep(5);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('still aborts every request that shares it', async () => {
    const provider = createMockProvider({ id: 'm', latencyMs: 1_000, rules: [{ reply: 'ok' }] });
    router = createRouter({ providers: [provider], defaultModel: 'm:x' });
    const controller = new AbortController();
    const pending = Array.from({ length: 12 }, (_, i) =>
      (router as Router).chat({ ...ask(`q ${i}`), signal: controller.signal }).then(
        () => 'answered',
        (error: { kind?: string }) => error.kind,
      ),
    );
    await sleep(5);
    controller.abort();
    expect(await Promise.all(pending)).toEqual(Array(12).fill('abort'));
  });
});

describe('an abandoned stream', () => {
  it('counts nothing, whether it was replayed from the cache or live', async () => {
    const provider = createMockProvider({ id: 'm', rules: [{ reply: 'A cached answer here.' }] });
    router = createRouter({
      providers: [provider],
      defaultModel: 'm:x',
      cache: {},
      prices: { 'm:x': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
    const responses: RouterEvent[] = [];
    router.on('response', (e) => responses.push(e));
    await router.chat(ask());
    await sleep(5);
    expect(responses).toHaveLength(1);

    for (const content of ['Tell me a story', 'Something not cached']) {
      const iterator = router.stream(ask(content))[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect((first.value as StreamEvent).type).toBe('start');
      await iterator.return?.();
    }
    await sleep(5);
    expect(responses).toHaveLength(1);
    const stats = router.stats();
    expect(stats.total.requests).toBe(1);
    expect(stats.total.streamed).toBe(0);

    // Read to its finish, a replay counts as one answered stream.
    const types: string[] = [];
    for await (const e of router.stream(ask())) types.push(e.type);
    expect(types.at(-1)).toBe('finish');
    await sleep(5);
    expect(responses).toHaveLength(2);
    expect(router.stats().total.streamed).toBe(1);
  });
});

describe('a retry refused by a breaker that opened during the backoff', () => {
  it('is one retry in the events, the trace and the statistics alike', async () => {
    vi.useFakeTimers();
    try {
      const failing: Provider = {
        specificationVersion: 'v1',
        id: 'f',
        chat: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new ServerError('f: 503', { status: 503, provider: 'f', model: 'm' });
        },
        stream: () => {
          throw new Error('not used');
        },
      };
      router = createRouter({
        providers: [failing],
        defaultModel: 'f:m',
        breaker: { failureThreshold: 2 },
        retry: { maxRetries: 1, initialDelayMs: 100, maxDelayMs: 100 },
        random: () => 0.99,
      });
      const retries: RouterEvent[] = [];
      router.on('retry', (e) => retries.push(e));
      type Failure = { route?: { attempts: unknown[] } };
      // A fails at 5 ms and backs off 99 ms; B's failure at 25 ms opens the breaker meanwhile.
      const a = router.chat(ask('first')).catch((error: Failure) => error);
      await vi.advanceTimersByTimeAsync(20);
      const b = router.chat(ask('second')).catch((error: Failure) => error);
      await vi.advanceTimersByTimeAsync(200);
      const [errorA] = await Promise.all([a, b]);
      vi.useRealTimers();
      await sleep(5);
      expect(retries).toHaveLength(1);
      expect(errorA.route?.attempts).toMatchObject([
        { outcome: 'error', retry: 0 },
        { outcome: 'skipped', retry: 1, skipReason: 'breaker-open' },
      ]);
      expect((router as Router).stats().total.retries).toBe(retries.length);
    } finally {
      vi.useRealTimers();
    }
  });
});
