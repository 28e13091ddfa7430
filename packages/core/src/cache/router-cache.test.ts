import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouterConfig } from '../config/router-config.js';
import { AbortError } from '../errors/abort-error.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { createRouter, type Router } from '../router/router.js';
import type { CacheStore } from './cache-store.js';
import { createMemoryCacheStore } from './memory-cache-store.js';

let openai: MockProvider;
let router: Router;
let answers: number;

const ask = (content = 'Capital of France?', extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});
function make(cache: RouterConfig['cache'] = true, extra: Partial<RouterConfig> = {}): Router {
  router = createRouter({
    providers: [openai],
    models: { fast: ['openai:gpt-4o-mini'] },
    retry: { maxRetries: 0 },
    cache,
    ...extra,
  });
  return router;
}
async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

beforeEach(() => {
  answers = 0;
  openai = createMockProvider({ id: 'openai', rules: [{ reply: () => `answer ${++answers}` }] });
});
afterEach(async () => {
  await router?.close();
  vi.useRealTimers();
});

describe('response cache through the router', () => {
  it('answers a repeat from the cache, marked cached, at zero cost', async () => {
    make();
    const first = await router.chat(ask());
    expect(first).toMatchObject({ text: 'answer 1', cached: false });
    expect(first.route.cache).toBe('miss');
    expect(first.costUsd).toBeGreaterThan(0);
    const second = await router.chat(ask());
    expect(second).toMatchObject({
      text: 'answer 1',
      cached: true,
      costUsd: 0,
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(second.usage.totalTokens).toBe(0);
    expect(second.route.cache).toBe('hit');
    expect(second.route.steps[0]).toMatchObject({ policy: 'cache', verdict: 'decide' });
    expect(openai.callCount).toBe(1);
    expect(router.stats().cache).toMatchObject({ hits: 1, misses: 1, writes: 1, hitRate: 0.5 });
    expect(router.stats().total).toMatchObject({ requests: 2, cached: 1 });
  });

  it('misses when a tool list is changed in place after a cached call', async () => {
    make();
    const weather = { name: 'weather', parameters: { type: 'object', properties: {} } };
    const time = { name: 'time', parameters: { type: 'object', properties: {} } };
    const tools = [weather];
    const first = await router.chat(ask('What now?', { tools }));
    tools.push(time);
    const second = await router.chat(ask('What now?', { tools }));
    expect(second).toMatchObject({ cached: false, text: 'answer 2' });
    expect(first.text).toBe('answer 1');
    expect(openai.calls.at(-1)?.request.tools?.map((t) => t.name)).toEqual(['weather', 'time']);
    expect((await router.chat(ask('What now?', { tools: [weather, time] }))).cached).toBe(true);
  });

  it('keeps tenants apart: one scope never reads another’s entry', async () => {
    make();
    expect((await router.chat(ask('q', { tenant: 'a' }))).text).toBe('answer 1');
    expect((await router.chat(ask('q', { tenant: 'b' }))).text).toBe('answer 2');
    expect((await router.chat(ask('q', { tenant: 'a' }))).text).toBe('answer 1');
    expect((await router.chat(ask('q', { cache: { scope: 'user-7' } }))).text).toBe('answer 3');
    expect(openai.callCount).toBe(3);
  });

  it('does not cache sampled requests unless the policy says so', async () => {
    make();
    await router.chat(ask('q', { temperature: 0.7 }));
    await router.chat(ask('q', { temperature: 0.7 }));
    expect(openai.callCount).toBe(2);
    expect(router.stats().cache?.skipped).toBe(2);
    await router.close();
    make({ shouldCache: () => true });
    await router.chat(ask('q', { temperature: 0.7 }));
    await router.chat(ask('q', { temperature: 0.7 }));
    expect(openai.callCount).toBe(3);
  });

  it('bypass neither reads nor writes; refresh fetches anew and replaces the entry', async () => {
    make();
    await router.chat(ask());
    const bypassed = await router.chat(ask('Capital of France?', { cache: 'bypass' }));
    expect(bypassed).toMatchObject({ text: 'answer 2', cached: false });
    expect(bypassed.route.cache).toBe('bypass');
    expect((await router.chat(ask())).text).toBe('answer 1');
    const refreshed = await router.chat(ask('Capital of France?', { cache: { mode: 'refresh' } }));
    expect(refreshed).toMatchObject({ text: 'answer 3', cached: false });
    expect(refreshed.route.cache).toBe('refresh');
    expect((await router.chat(ask())).text).toBe('answer 3');
  });

  it('never caches errors, error finishes or content-filter finishes', async () => {
    make();
    openai.failNext({ status: 500 });
    await router.chat(ask()).catch(() => undefined);
    expect((await router.chat(ask())).text).toBe('answer 1');
    openai.replyNext({ text: 'blocked', finishReason: 'content-filter' }, 1, {
      lastUserMessage: 'filtered',
    });
    openai.replyNext({ text: 'oops', finishReason: 'error' }, 1, { lastUserMessage: 'broken' });
    await router.chat(ask('filtered'));
    await router.chat(ask('broken'));
    expect((await router.chat(ask('filtered'))).cached).toBe(false);
    expect((await router.chat(ask('broken'))).cached).toBe(false);
    expect(router.stats().cache?.rejected).toBe(3);
  });

  it('expires entries after their TTL (fake timers)', async () => {
    vi.useFakeTimers();
    make({ ttlMs: 60_000 });
    await router.chat(ask());
    vi.advanceTimersByTime(60_000);
    expect((await router.chat(ask())).cached).toBe(true);
    vi.advanceTimersByTime(1);
    expect((await router.chat(ask())).cached).toBe(false);
    const perRequest = await router.chat(ask('other', { cache: { ttlMs: 10 } }));
    vi.advanceTimersByTime(11);
    expect((await router.chat(ask('other'))).text).not.toBe(perRequest.text);
  });

  it('coalesces 100 concurrent identical requests into one provider call', async () => {
    openai = createMockProvider({
      id: 'openai',
      latencyMs: 30,
      rules: [{ reply: () => `answer ${++answers}` }],
    });
    make();
    const all = await Promise.all(Array.from({ length: 100 }, () => router.chat(ask())));
    expect(openai.callCount).toBe(1);
    expect(new Set(all.map((a) => a.text))).toEqual(new Set(['answer 1']));
    expect(all.filter((a) => a.route.cache === 'coalesced')).toHaveLength(99);
    expect(all.filter((a) => !a.cached)).toHaveLength(1);
    expect(router.stats().cache).toMatchObject({ coalesced: 99, misses: 1, writes: 1 });
  });

  it('gives every waiter the same error', async () => {
    openai = createMockProvider({
      id: 'openai',
      latencyMs: 20,
      rules: [{ fail: { status: 400, message: 'bad schema' } }],
    });
    make();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => router.chat(ask())));
    expect(openai.callCount).toBe(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect(InvalidRequestError.isInstance((result as PromiseRejectedResult).reason)).toBe(true);
    }
  });

  it('an aborted waiter does not abort the others; the upstream call stops only when all have left', async () => {
    openai = createMockProvider({ id: 'openai', latencyMs: 50, rules: [{ reply: 'shared' }] });
    make();
    const leader = new AbortController();
    const follower = new AbortController();
    const first = router.chat(ask('q', { signal: leader.signal }));
    const second = router.chat(ask('q', { signal: follower.signal }));
    const third = router.chat(ask('q'));
    leader.abort();
    await expect(first).rejects.toSatisfy((e: unknown) => AbortError.isInstance(e));
    follower.abort();
    await expect(second).rejects.toSatisfy((e: unknown) => AbortError.isInstance(e));
    expect((await third).text).toBe('shared');
    expect(openai.calls[0]?.outcome).toBe('success');

    const lonely = new AbortController();
    const alone = router.chat(ask('another', { signal: lonely.signal }));
    await new Promise((r) => setTimeout(r, 5));
    lonely.abort();
    await expect(alone).rejects.toSatisfy((e: unknown) => AbortError.isInstance(e));
    await vi.waitFor(() => expect(openai.calls[1]?.outcome).toBe('aborted'));
  });

  it('replays a cached answer as a stream, and caches a clean stream', async () => {
    make();
    const firstRun = await collect(router.stream(ask('Tell me a story')));
    expect(firstRun[0]).toMatchObject({ type: 'start', cached: false });
    const replayed = await collect(router.stream(ask('Tell me a story')));
    expect(openai.callCount).toBe(1);
    expect(replayed[0]).toMatchObject({ type: 'start', cached: true, provider: 'openai' });
    expect(replayed.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta', 'finish']);
    const text = replayed.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('answer 1');
    const finish = replayed.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.response).toMatchObject({ cached: true, text: 'answer 1', costUsd: 0 });
    expect((await router.chat(ask('Tell me a story'))).cached).toBe(true);
  });

  it('never caches a broken or abandoned stream', async () => {
    make();
    openai.addRule({ reply: 'one two three', failAfterChunks: 1, fail: 'connection', times: 1 });
    await collect(router.stream(ask('s'))).catch(() => undefined);
    for await (const event of router.stream(ask('s'))) if (event.type === 'text-delta') break;
    const third = await collect(router.stream(ask('s')));
    expect(third[0]).toMatchObject({ cached: false });
    expect(openai.callCount).toBe(3);
  });

  it('hands a store a SHA-256 digest as the key, never the prompt', async () => {
    const keys: string[] = [];
    const memory = createMemoryCacheStore();
    const shared: CacheStore = {
      get: (key) => {
        keys.push(key);
        return memory.get(key);
      },
      set: (key, entry, ttl) => memory.set(key, entry, ttl),
      delete: (key) => memory.delete(key),
      clear: () => memory.clear(),
    };
    make({ store: shared });
    await router.chat(ask('my secret question'));
    await router.chat(ask('my secret question'));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keys[0]).toBe(keys[1]);
    expect(openai.callCount).toBe(1);
  });

  it('is off unless configured', async () => {
    make(false);
    await router.chat(ask());
    const again = await router.chat(ask());
    expect(again.cached).toBe(false);
    expect(again.route.cache).toBe('off');
    expect(router.stats().cache).toBeUndefined();
  });
});
