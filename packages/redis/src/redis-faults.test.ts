import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import {
  createLayeredCacheStore,
  createMemoryCacheStore,
  createRouter,
  type WarningEvent,
} from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBreakerStateStore } from './redis-breaker-state-store.js';
import { createRedisCacheStore } from './redis-cache-store.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { createRedisSpendCounters } from './redis-spend-counters.js';

// Each test here runs its own redis-server on a free loopback port, so pausing or stopping it
// disturbs no other test.
const TIMEOUT_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const probe = createClient({
      url: `redis://127.0.0.1:${port}`,
      socket: { reconnectStrategy: false },
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.close();
      return child;
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function makeRouter(url: string) {
  const warnings: string[] = [];
  const options = {
    url,
    prefix: 'faults:',
    timeoutMs: TIMEOUT_MS,
    cooldownMs: 300,
    onWarning: (m: string) => warnings.push(m),
  };
  const shared = createRedisCacheStore(options);
  const sessions = createRedisSessionStore(options);
  const counters = createRedisSpendCounters(options);
  const breakers = createRedisBreakerStateStore(options);
  const openai = createMockProvider({
    id: 'openai',
    rules: [{ reply: { text: 'ok', usage: { inputTokens: 10, outputTokens: 2 } } }],
  });
  const router = createRouter({
    providers: [openai],
    models: { fast: ['openai:gpt-4o-mini'] },
    cache: { store: createLayeredCacheStore({ memory: createMemoryCacheStore(), shared }) },
    sessions: { store: sessions },
    breaker: { store: breakers },
    budgets: {
      rules: [{ scope: 'global', period: 'day', limitUsd: 1_000, action: 'refuse' }],
      counters,
    },
  });
  const events: WarningEvent[] = [];
  router.on('warning', (event) => {
    events.push(event);
  });
  // The router's warnings about its stores' backend, in order.
  const backendWarnings = () =>
    events.map((e) => e.code).filter((c) => c === 'store-unavailable' || c === 'store-recovered');
  const close = async () => {
    await router.close();
    await Promise.all([shared.close(), sessions.close(), counters.close(), breakers.close()]);
  };
  return { router, shared, warnings, events, backendWarnings, close };
}

let n = 0;
/** Sends a new question (a cache miss) and returns how long it took. */
async function timedChat(router: ReturnType<typeof makeRouter>['router']) {
  n += 1;
  const started = performance.now();
  const answer = await router.chat({
    messages: [{ role: 'user', content: `question ${n}` }],
    model: 'fast',
    sessionId: `s-${n % 3}`,
  });
  expect(answer.text).toBe('ok');
  return performance.now() - started;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});

const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('Redis trouble never fails a request', () => {
  let port: number;
  let server: ChildProcess;
  beforeAll(async () => {
    port = await freePort();
    server = await startRedis(port);
  }, 15_000);
  afterAll(async () => {
    await stopRedis(server);
  });

  it('answers while Redis is paused, within the Redis timeout, and recovers', async () => {
    const { router, shared, warnings, events, backendWarnings, close } = makeRouter(
      `redis://127.0.0.1:${port}`,
    );
    await timedChat(router); // connects
    const admin = createClient({ url: `redis://127.0.0.1:${port}` });
    admin.on('error', () => {});
    await admin.connect();
    await admin.sendCommand(['CLIENT', 'PAUSE', '1000', 'ALL']);
    const paused: number[] = [];
    for (let i = 0; i < 5; i++) paused.push(await timedChat(router));
    // A request makes a handful of Redis calls in turn; each waits at most the timeout, and once
    // the connection's breaker opens they stop waiting at all.
    expect(Math.max(...paused)).toBeLessThan(6 * TIMEOUT_MS);
    expect(paused.at(-1)).toBeLessThan(TIMEOUT_MS);
    expect(shared.connection.health().state).not.toBe('closed');
    expect(warnings.some((w) => w.startsWith('Redis unavailable'))).toBe(true);
    // The router says so: one warning for the outage (every store shares one Redis), and health.
    await sleep(0); // events are delivered after the request
    expect(backendWarnings()).toEqual(['store-unavailable']);
    const unavailable = events.find((e) => e.code === 'store-unavailable');
    expect(unavailable?.message).toContain(`redis 127.0.0.1:${port}`);
    expect(unavailable?.message).toMatch(/did not answer within 100 ms/);
    const paused_ = router.health();
    expect(paused_.status).toBe('degraded');
    expect(paused_.backends).toContainEqual(
      expect.objectContaining({
        store: 'cache',
        backend: `redis 127.0.0.1:${port}`,
        state: 'down',
      }),
    );
    expect(paused_.backends?.find((b) => b.store === 'session')?.state).toBe('down');
    await sleep(1_100); // the pause ends; the cooldown has passed
    for (let i = 0; i < 3; i++) await timedChat(router);
    expect(shared.connection.health().state).toBe('closed');
    expect(warnings.some((w) => w.startsWith('Redis is reachable again'))).toBe(true);
    await sleep(0);
    expect(backendWarnings()).toEqual(['store-unavailable', 'store-recovered']);
    expect(router.health().status).toBe('ok');
    expect(router.health().backends?.every((b) => b.state === 'up')).toBe(true);
    await admin.close();
    await close();
  }, 15_000);

  it('answers while Redis is stopped, and uses Redis again once it restarts', async () => {
    const { router, shared, close } = makeRouter(`redis://127.0.0.1:${port}`);
    await timedChat(router);
    await stopRedis(server);
    for (let i = 0; i < 5; i++) expect(await timedChat(router)).toBeLessThan(6 * TIMEOUT_MS);
    server = await startRedis(port);
    // node-redis reconnects by itself (backoff up to 2 s); requests keep succeeding meanwhile.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      await timedChat(router);
      if (
        shared.connection.health().state === 'closed' &&
        (await shared.get('probe')) === undefined
      ) {
        await shared.set(
          'probe',
          {
            v: 1,
            text: 'x',
            toolCalls: [],
            finishReason: 'stop',
            usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
            provider: 'p',
            model: 'm',
            createdAt: Date.now(),
            expiresAt: Date.now() + 60_000,
          },
          60_000,
        );
        if ((await shared.get('probe'))?.text === 'x') break;
      }
      await sleep(100);
    }
    expect((await shared.get('probe'))?.text).toBe('x');
    await close();
  }, 20_000);

  it('answers with Redis on a wrong port, and leaves no socket open after close()', async () => {
    const before = sockets();
    const wrong = await freePort();
    const { router, events, backendWarnings, close } = makeRouter(
      `redis://app:hunter2@127.0.0.1:${wrong}`,
    );
    for (let i = 0; i < 5; i++) expect(await timedChat(router)).toBeLessThan(6 * TIMEOUT_MS);
    // The breaker store's subscriber finds out through its own reconnection attempts.
    const deadline = Date.now() + 5_000;
    while (router.health().backends?.some((b) => b.state === 'up') && Date.now() < deadline) {
      await sleep(20);
    }
    expect(backendWarnings()).toEqual(['store-unavailable']);
    const health = router.health();
    expect(health.status).toBe('degraded');
    // Every store on the wrong port is down, the breaker store too (its subscriber cannot connect).
    expect(health.backends?.map((b) => [b.store, b.backend, b.state])).toEqual(
      ['cache', 'session', 'budget', 'breaker'].map((store) => [
        store,
        `redis 127.0.0.1:${wrong}`,
        'down',
      ]),
    );
    expect(JSON.stringify([health, events])).not.toContain('hunter2');
    await close();
    await sleep(50);
    expect(sockets()).toBeLessThanOrEqual(before);
  }, 15_000);
});
