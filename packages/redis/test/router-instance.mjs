// One router instance in its own Node process, for the multi-instance tests. It reads one JSON
// command per stdin line and answers one JSON line on stdout. Imports the built packages.
import { createInterface } from 'node:readline';
import { createRouter } from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';
import {
  createRedisBreakerStateStore,
  createRedisCacheStore,
  createRedisSessionStore,
  createRedisSpendCounters,
} from '../dist/index.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.SY_PREFIX;
// A generous per-call limit: these tests are about sharing, not Redis trouble, and a loaded
// machine can take longer than the 200 ms default for a store's first call (which connects).
const common = { url, prefix, timeoutMs: 2_000 };
const usage = { inputTokens: 1_000, outputTokens: 100 };
// With SY_RESET_MS, breakers go half-open after that long and admit one trial, which closes them.
const resetMs = process.env.SY_RESET_MS === undefined ? undefined : Number(process.env.SY_RESET_MS);
const trials =
  resetMs === undefined
    ? {}
    : { resetTimeoutMs: resetMs, halfOpenMaxCalls: 1, successThreshold: 1 };
const openai = createMockProvider({
  id: 'openai',
  // A question containing "hang" is never answered (until the router closes).
  rules: [
    { when: { lastUserMessage: 'hang' }, hang: true },
    { reply: { text: 'from openai', usage } },
  ],
});
const anthropic = createMockProvider({
  id: 'anthropic',
  rules: [{ reply: { text: 'from anthropic', usage } }],
});
const breakers = createRedisBreakerStateStore(common);
// The router writes sessions and spend after it answers. An answer reported to the test waits for
// those writes, so that the other process reads them whatever the machine's load.
const writes = new Set();
const tracked = (promise) => {
  writes.add(promise);
  promise.finally(() => writes.delete(promise)).catch(() => {});
  return promise;
};
const sessionStore = createRedisSessionStore(common);
const sessions = { ...sessionStore, set: (...args) => tracked(sessionStore.set(...args)) };
const spendCounters = createRedisSpendCounters(common);
const counters = { ...spendCounters, add: (...args) => tracked(spendCounters.add(...args)) };
const opened = {};
const router = createRouter({
  providers: [openai, anthropic],
  models: {
    fast: ['openai:gpt-4o-mini', 'anthropic:claude-sonnet-5'],
    metered: ['openai:gpt-4o-mini'],
  },
  retry: { maxRetries: 0 },
  // The router's own wait for a store call (default 100 ms) counts a slow read as a miss; on a
  // saturated machine a Redis round trip can take longer, and a missed session or spend would
  // fail these tests for the wrong reason.
  storeTimeoutMs: 2_000,
  breaker: { failureThreshold: 2, store: breakers, ...trials },
  cache: { store: createRedisCacheStore(common) },
  sessions: { store: sessions },
  budgets: {
    rules: [{ scope: { alias: 'metered' }, period: 'day', limitUsd: 0.000_1, action: 'refuse' }],
    counters,
  },
});
const transitions = {};
router.on('breaker', (event) => {
  if (event.to === 'open') opened[event.candidate] = Date.now();
  transitions[event.candidate] = [...(transitions[event.candidate] ?? []), event.to];
});
await breakers.ready();

const handlers = {
  async chat({ content, model = 'fast', sessionId }) {
    try {
      const answer = await router.chat({ messages: [{ role: 'user', content }], model, sessionId });
      await Promise.allSettled([...writes]);
      return { provider: answer.provider, cached: answer.cached };
    } catch (error) {
      return { error: error.name };
    }
  },
  // Starts a chat and answers at once; the chat may hang.
  background({ content }) {
    router.chat({ messages: [{ role: 'user', content }], model: 'fast' }).catch(() => {});
    return {};
  },
  transitions: ({ candidate }) => ({ to: transitions[candidate] ?? [] }),
  fail({ times }) {
    openai.failNext({ status: 503 }, times);
    return {};
  },
  opened: ({ candidate }) => ({ at: opened[candidate] ?? null }),
  calls: () => ({ openai: openai.callCount, anthropic: anthropic.callCount }),
  async close() {
    await router.close();
    await breakers.close();
    setImmediate(() => process.exit(0));
    return {};
  },
};

process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  const result = await handlers[command.op](command);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
