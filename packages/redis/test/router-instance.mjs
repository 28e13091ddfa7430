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
const usage = { inputTokens: 1_000, outputTokens: 100 };
const openai = createMockProvider({
  id: 'openai',
  rules: [{ reply: { text: 'from openai', usage } }],
});
const anthropic = createMockProvider({
  id: 'anthropic',
  rules: [{ reply: { text: 'from anthropic', usage } }],
});
const breakers = createRedisBreakerStateStore({ url, prefix });
const opened = {};
const router = createRouter({
  providers: [openai, anthropic],
  models: {
    fast: ['openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5'],
    metered: ['openai:gpt-4o-mini'],
  },
  retry: { maxRetries: 0 },
  breaker: { failureThreshold: 2, store: breakers },
  cache: { store: createRedisCacheStore({ url, prefix }) },
  sessions: { store: createRedisSessionStore({ url, prefix }) },
  budgets: {
    rules: [{ scope: { alias: 'metered' }, period: 'day', limitUsd: 0.000_1, action: 'refuse' }],
    counters: createRedisSpendCounters({ url, prefix }),
  },
});
router.on('breaker', (event) => {
  if (event.to === 'open') opened[event.candidate] = Date.now();
});
await breakers.ready();

const handlers = {
  async chat({ content, model = 'fast', sessionId }) {
    try {
      const answer = await router.chat({ messages: [{ role: 'user', content }], model, sessionId });
      return { provider: answer.provider, cached: answer.cached };
    } catch (error) {
      return { error: error.name };
    }
  },
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
