import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouterConfig } from '../config/router-config.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import type { BreakerEvent } from '../events/router-events.js';
import type { ChatRequest } from '../provider/chat-request.js';
import { createRouter, type Router } from '../router/router.js';

let primary: MockProvider;
let backup: MockProvider;
let router: Router;
let transitions: string[];

const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], model: 'fast' };

function make(extra: Partial<RouterConfig> = {}): Router {
  transitions = [];
  router = createRouter({
    providers: [primary, backup],
    models: { fast: ['primary:a', 'backup:b'] },
    retry: { maxRetries: 0 },
    ...extra,
  });
  router.on('breaker', (e: BreakerEvent) => {
    transitions.push(`${e.candidate} ${e.from}→${e.to}`);
  });
  return router;
}

// Events are delivered on the next turn of the event loop (setImmediate). Fake timers give an
// immediate scheduled inside a timer callback a 1 ms delay, so advance by 1 ms to deliver them.
const flushEvents = () => vi.advanceTimersByTimeAsync(1);

beforeEach(() => {
  vi.useFakeTimers();
  primary = createMockProvider({ id: 'primary', rules: [{ reply: 'primary' }] });
  backup = createMockProvider({ id: 'backup', rules: [{ reply: 'backup' }] });
});
afterEach(async () => {
  await router.close();
  vi.useRealTimers();
});

describe('breakers in the router', () => {
  it('opens after 5 vendor failures, then skips the candidate without calling it', async () => {
    make();
    primary.failNext({ status: 503 }, 5);
    for (let i = 0; i < 5; i++) expect((await router.chat(ask)).provider).toBe('backup');
    expect(primary.callCount).toBe(5);
    const answer = await router.chat(ask);
    expect(answer.provider).toBe('backup');
    expect(primary.callCount).toBe(5);
    expect(answer.route.attempts[0]).toEqual({
      provider: 'primary',
      model: 'a',
      outcome: 'skipped',
      retry: 0,
      latencyMs: 0,
      skipReason: 'breaker-open',
    });
    const health = router.health();
    expect(health.status).toBe('degraded');
    expect(health.breakers.find((b) => b.candidate === 'primary:a')).toMatchObject({
      state: 'open',
      consecutiveFailures: 5,
      opens: 1,
      nextAttemptAt: Date.now() + 60_000,
      window: { failures: 5, rejected: 0 },
    });
    await flushEvents();
    expect(transitions).toEqual(['primary:a closed→open']);
  });

  it('recovers: half-open after 60 s, closed after 2 successful trials', async () => {
    make();
    primary.failNext('server', 5);
    for (let i = 0; i < 5; i++) await router.chat(ask);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(router.health().breakers[0]?.state).toBe('half-open');
    expect((await router.chat(ask)).provider).toBe('primary');
    expect(router.health().breakers[0]).toMatchObject({
      state: 'half-open',
      halfOpen: { trials: 1, successes: 1 },
    });
    expect((await router.chat(ask)).provider).toBe('primary');
    expect(router.health().breakers[0]?.state).toBe('closed');
    expect(router.health().status).toBe('ok');
    await flushEvents();
    expect(transitions).toEqual([
      'primary:a closed→open',
      'primary:a open→half-open',
      'primary:a half-open→closed',
    ]);
  });

  it('lets no more than 3 trial calls through while half-open', async () => {
    make();
    primary.failNext('server', 5);
    for (let i = 0; i < 5; i++) await router.chat(ask);
    await vi.advanceTimersByTimeAsync(60_000);
    primary.hangNext(3);
    const pending = [router.chat(ask), router.chat(ask), router.chat(ask)];
    await vi.advanceTimersByTimeAsync(1);
    const fourth = await router.chat(ask);
    expect(fourth.provider).toBe('backup');
    expect(fourth.route.attempts[0]?.skipReason).toBe('breaker-open');
    expect(primary.callCount).toBe(8);
    await vi.advanceTimersByTimeAsync(60_000); // the trials time out: each is a failure
    await Promise.allSettled(pending);
    expect(router.health().breakers[0]?.state).toBe('open');
  });

  it('does not count a 400 or an auth error', async () => {
    make();
    for (let i = 0; i < 10; i++) {
      primary.failNext(i % 2 === 0 ? { status: 400 } : 'auth');
      await router.chat(ask).catch(() => undefined);
    }
    expect(router.health().breakers[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('fails fast with no network call when every breaker is open', async () => {
    make({ breaker: { failureThreshold: 1 } });
    primary.failNext('server');
    backup.failNext('server');
    await router.chat(ask).catch(() => undefined);
    const calls = primary.callCount + backup.callCount;
    const error = await router.chat(ask).catch((e: unknown) => e);
    expect(NoProviderAvailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'No provider available: primary:a skipped (breaker-open); backup:b skipped (breaker-open).',
    );
    expect(primary.callCount + backup.callCount).toBe(calls);
    expect(router.health().status).toBe('down');
  });

  it('counts stream failures, and a consumer that stops reading as neutral', async () => {
    make({ breaker: { failureThreshold: 2 } });
    const drain = async (stopEarly = false) => {
      for await (const event of router.stream(ask))
        if (stopEarly && event.type === 'text-delta') break;
    };
    await drain(true);
    await drain(true);
    expect(router.health().breakers[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    primary.failNext('server', 2);
    await drain();
    await drain();
    expect(router.health().breakers[0]?.state).toBe('open');
  });

  it('can be switched off', async () => {
    make({ breaker: { enabled: false } });
    primary.failNext('server', 10);
    for (let i = 0; i < 10; i++) await router.chat(ask);
    expect(primary.callCount).toBe(10);
    expect(router.health()).toMatchObject({ status: 'ok', breakers: [] });
  });
});
