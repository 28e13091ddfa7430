// One app instance: a router whose cache and breakers are shared through Redis. The parent
// (main.ts) starts two of these and drives them with IPC messages.
import { createLayeredCacheStore, createMemoryCacheStore, createRouter } from '@switchyard/core';
import { createRedisBreakerStateStore, createRedisCacheStore } from '@switchyard/redis';
import { createMockProvider } from '@switchyard/testing';

const name = process.argv[2] ?? 'instance';
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.SY_PREFIX ?? 'switchyard-example:';

const openai = createMockProvider({ id: 'openai', rules: [{ reply: 'Paris.' }] });
const anthropic = createMockProvider({ id: 'anthropic', rules: [{ reply: 'Paris!' }] });
const redisCache = createRedisCacheStore({ url, prefix });
// A request does not wait for its cache write to reach Redis. This demonstration asks B right
// after A answers, so A reports an answer only once its writes have landed.
const writes = new Set<Promise<unknown>>();
const sharedCache: typeof redisCache = {
  ...redisCache,
  set(...args) {
    const write = redisCache.set(...args);
    writes.add(write);
    write.finally(() => writes.delete(write)).catch(() => {});
    return write;
  },
};
const breakerStore = createRedisBreakerStateStore({ url, prefix });
const router = createRouter({
  providers: [openai, anthropic],
  models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] },
  retry: { maxRetries: 0 },
  // The router waits this long for a store call before counting it a miss (default 100 ms). One
  // second keeps the demonstration the same on a loaded machine; in production keep it short.
  storeTimeoutMs: 1_000,
  cache: {
    store: createLayeredCacheStore({ memory: createMemoryCacheStore(), shared: sharedCache }),
  },
  // After 1 s open, a breaker goes half-open; one trial call that succeeds closes it.
  breaker: {
    failureThreshold: 3,
    resetTimeoutMs: 1_000,
    halfOpenMaxCalls: 1,
    successThreshold: 1,
    store: breakerStore,
  },
});
router.on('breaker', (event) => {
  console.log(`[${name}] breaker ${event.candidate}: ${event.from} → ${event.to}`);
});
// Connect both stores before taking requests: a first call that has to connect is the slow one.
await Promise.all([breakerStore.ready(), sharedCache.get('switchyard-example:warm-up')]);

const ask = async (content: string) => {
  const answer = await router.chat({ messages: [{ role: 'user', content }], model: 'fast' });
  await Promise.allSettled([...writes]);
  console.log(
    `[${name}] "${content}" → ${answer.provider}${answer.cached ? ' (shared cache hit)' : ''}; openai called ${openai.callCount}×`,
  );
};

process.on('message', async (message: { op: string; content?: string }) => {
  if (message.op === 'ask') await ask(message.content ?? '');
  if (message.op === 'outage') openai.failNext({ status: 503 }, 3);
  if (message.op === 'close') {
    await router.close();
    await Promise.all([sharedCache.close(), breakerStore.close()]);
    process.disconnect?.();
    return;
  }
  process.send?.({ done: message.op });
});
process.send?.({ done: 'start' });
