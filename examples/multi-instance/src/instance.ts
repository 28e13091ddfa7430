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
const sharedCache = createRedisCacheStore({ url, prefix });
const breakerStore = createRedisBreakerStateStore({ url, prefix });
const router = createRouter({
  providers: [openai, anthropic],
  models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] },
  retry: { maxRetries: 0 },
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
await breakerStore.ready();

const ask = async (content: string) => {
  const answer = await router.chat({ messages: [{ role: 'user', content }], model: 'fast' });
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
