import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SpendCounterStore } from '../budget/spend-counters.js';
import type { CacheStore } from '../cache/cache-store.js';
import { createLayeredCacheStore } from '../cache/layered-cache-store.js';
import { createMemoryCacheStore } from '../cache/memory-cache-store.js';
import type { RouterConfig } from '../config/router-config.js';
import { AbortError } from '../errors/abort-error.js';
import { TimeoutError } from '../errors/provider-errors.js';
import type { RouterEvent } from '../events/router-events.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { SessionStore } from '../session/session-store.js';
import { createRouter, type Router } from './router.js';

// Issue 12 item 3: a store that never answers must not hang a request.

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const hangingCache = (): CacheStore => ({
  get: () => never(),
  set: () => never(),
  delete: () => undefined,
  clear: () => undefined,
});

let openai: MockProvider;
let router: Router;
let warnings: { code: string; message: string }[];

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Capital of France?' }],
  ...extra,
});

function make(extra: Partial<RouterConfig>): Router {
  router = createRouter({
    providers: [openai],
    models: { fast: ['openai:gpt-4o-mini'] },
    retry: { maxRetries: 0 },
    onEvent: (event: RouterEvent) => {
      if (event.type === 'warning') warnings.push({ code: event.code, message: event.message });
    },
    ...extra,
  });
  return router;
}

/** Where a promise stands after the fake clock has moved `ms` on. */
async function after<T>(
  ms: number,
  work: Promise<T>,
): Promise<{ value?: T; error?: unknown; pending: boolean }> {
  const out: { value?: T; error?: unknown; pending: boolean } = { pending: true };
  work.then(
    (value) => {
      out.value = value;
      out.pending = false;
    },
    (error: unknown) => {
      out.error = error;
      out.pending = false;
    },
  );
  await vi.advanceTimersByTimeAsync(ms);
  return out;
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

beforeEach(() => {
  vi.useFakeTimers();
  warnings = [];
  openai = createMockProvider({ id: 'openai', rules: [{ reply: 'Paris.' }] });
});
afterEach(async () => {
  await router?.close();
  vi.useRealTimers();
});

describe('a cache store that never answers', () => {
  it('chat: the lookup counts as a miss after storeTimeoutMs, with a warning and a health note', async () => {
    make({ cache: { store: hangingCache() }, storeTimeoutMs: 50 });
    const early = await after(40, router.chat(ask()));
    expect(early.pending).toBe(true);
    expect(openai.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(early.pending).toBe(false);
    expect(early.value?.text).toBe('Paris.');
    expect(early.value?.cached).toBe(false);
    expect(openai.calls).toHaveLength(1);
    expect(warnings.map((w) => w.code)).toContain('store-timeout');
    expect(router.stats().cache?.misses).toBe(1);
    expect(router.health().stores).toEqual({
      timeouts: 1,
      lastTimeout: { store: 'cache', at: expect.any(Number) },
    });
  });

  it('the default store timeout is 100 ms', async () => {
    make({ cache: { store: hangingCache() } });
    const early = await after(90, router.chat(ask()));
    expect(early.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(20);
    expect(early.value?.text).toBe('Paris.');
  });

  it('stream: the lookup counts as a miss and the stream is answered', async () => {
    make({ cache: { store: hangingCache() }, storeTimeoutMs: 50 });
    const read = await after(100, collect(router.stream(ask())));
    expect(read.pending).toBe(false);
    expect(read.value?.at(-1)).toMatchObject({ type: 'finish', response: { text: 'Paris.' } });
    expect(warnings.map((w) => w.code)).toContain('store-timeout');
  });

  it("the request's timeoutMs ends the wait when it is nearer than the store timeout", async () => {
    make({ cache: { store: hangingCache() }, storeTimeoutMs: 5_000 });
    const early = await after(1_050, router.chat(ask({ timeoutMs: 1_000 })));
    expect(early.pending).toBe(false);
    expect(TimeoutError.isInstance(early.error)).toBe(true);
    expect(early.error).toMatchObject({ scope: 'total', timeoutMs: 1_000 });
    expect((early.error as Error).message).toBe(
      'The request timed out after 1000 ms waiting for the cache store.',
    );
    expect(openai.calls).toHaveLength(0);
  });

  it("the request's signal ends the wait, chat and stream", async () => {
    make({ cache: { store: hangingCache() }, storeTimeoutMs: 5_000 });
    const controller = new AbortController();
    const chat = after(10, router.chat(ask({ signal: controller.signal })));
    const stream = after(10, collect(router.stream(ask({ signal: controller.signal }))));
    controller.abort();
    const [c, s] = await Promise.all([chat, stream]);
    expect(AbortError.isInstance(c.error)).toBe(true);
    expect(AbortError.isInstance(s.error)).toBe(true);
  });

  it('router.close() rejects the waits in flight with AbortError', async () => {
    make({ cache: { store: hangingCache() }, storeTimeoutMs: 5_000 });
    const chat = router.chat(ask());
    const stream = collect(router.stream(ask()));
    await vi.advanceTimersByTimeAsync(10);
    const closing = router.close();
    const [c, s] = await Promise.allSettled([chat, stream]);
    await closing;
    expect(c.status === 'rejected' && AbortError.isInstance(c.reason)).toBe(true);
    expect(s.status === 'rejected' && AbortError.isInstance(s.reason)).toBe(true);
  });

  it('a layered store whose shared layer hangs: a miss after the store timeout', async () => {
    const store = createLayeredCacheStore({
      memory: createMemoryCacheStore(),
      shared: hangingCache(),
    });
    make({ cache: { store }, storeTimeoutMs: 50 });
    const first = await after(100, router.chat(ask()));
    expect(first.value?.text).toBe('Paris.');
    expect(openai.calls).toHaveLength(1);
    // The answer reached the memory layer (the shared write still hangs): the next one is a hit.
    const second = await after(10, router.chat(ask()));
    expect(second.value?.cached).toBe(true);
  });

  it('a store that answers in time costs nothing: a late answer is a hit as before', async () => {
    const memory = createMemoryCacheStore();
    const slow: CacheStore = {
      get: (key) =>
        new Promise((resolve) => setTimeout(() => resolve(memory.get(key) as never), 20)),
      set: (key, entry, ttl) => memory.set(key, entry, ttl),
      delete: (key) => memory.delete(key),
      clear: () => memory.clear(),
    };
    make({ cache: { store: slow }, storeTimeoutMs: 50 });
    await after(50, router.chat(ask()));
    const second = await after(30, router.chat(ask()));
    expect(second.value?.cached).toBe(true);
    expect(warnings).toEqual([]);
    expect(router.health().stores).toBeUndefined();
  });
});

describe('a session store that never answers', () => {
  const store: SessionStore = { get: () => never(), set: () => never(), delete: () => undefined };

  it('chat and stream go on without the session after the store timeout', async () => {
    make({ sessions: { store }, storeTimeoutMs: 50 });
    const chat = await after(100, router.chat(ask({ sessionId: 's1' })));
    expect(chat.value?.text).toBe('Paris.');
    const stream = await after(100, collect(router.stream(ask({ sessionId: 's1' }))));
    expect(stream.value?.at(-1)).toMatchObject({ type: 'finish' });
    expect(router.health().stores?.lastTimeout.store).toBe('session');
  });

  it('a rejecting session store does not fail the request', async () => {
    const failing: SessionStore = {
      get: () => Promise.reject(new Error('connection refused')),
      set: () => undefined,
      delete: () => undefined,
    };
    make({ sessions: { store: failing } });
    const chat = await after(10, router.chat(ask({ sessionId: 's1' })));
    expect(chat.value?.text).toBe('Paris.');
    expect(warnings.map((w) => w.code)).toContain('session-store');
  });

  it('close() rejects a request waiting for the session store', async () => {
    make({ sessions: { store }, storeTimeoutMs: 5_000 });
    const chat = router.chat(ask({ sessionId: 's1' })).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(10);
    await router.close();
    expect(AbortError.isInstance(await chat)).toBe(true);
  });
});

describe('spend counters that never answer', () => {
  const counters: SpendCounterStore = { get: () => never(), add: () => never() };
  const budgets = {
    rules: [
      { scope: 'global' as const, period: 'day' as const, limitUsd: 1, action: 'refuse' as const },
    ],
    counters,
  };

  it('chat and stream count no spend after the store timeout and are answered', async () => {
    make({ budgets, storeTimeoutMs: 50 });
    const chat = await after(100, router.chat(ask()));
    expect(chat.value?.text).toBe('Paris.');
    const stream = await after(100, collect(router.stream(ask())));
    expect(stream.value?.at(-1)).toMatchObject({ type: 'finish' });
    expect(router.health().stores?.lastTimeout.store).toBe('budget');
  });

  it("the request's signal ends the wait", async () => {
    make({ budgets, storeTimeoutMs: 5_000 });
    const controller = new AbortController();
    const chat = after(10, router.chat(ask({ signal: controller.signal })));
    controller.abort();
    expect(AbortError.isInstance((await chat).error)).toBe(true);
  });
});

describe('storeTimeoutMs', () => {
  it('must be a positive number of ms', () => {
    expect(() => make({ storeTimeoutMs: -1 })).toThrow(/storeTimeoutMs/);
  });
});
