import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import { createRouter, type Router } from '../router/router.js';
import type { BreakerOptions } from './breaker-options.js';
import { type BreakerStateStore, createMemoryBreakerStateStore } from './breaker-state-store.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], model: 'fast' };
const routers: Router[] = [];

function make(store: BreakerStateStore, breaker: BreakerOptions = {}) {
  const primary = createMockProvider({ id: 'primary', rules: [{ reply: 'primary' }] });
  const backup = createMockProvider({ id: 'backup', rules: [{ reply: 'backup' }] });
  const router = createRouter({
    providers: [primary, backup],
    models: { fast: ['primary:a', 'backup:b'] },
    retry: { maxRetries: 0 },
    breaker: { failureThreshold: 2, store, ...breaker },
  });
  routers.push(router);
  return { router, primary };
}
const stateOf = (router: Router, candidate: string) =>
  router.health().breakers.find((b) => b.candidate === candidate)?.state;

afterEach(async () => {
  for (const router of routers.splice(0)) await router.close();
  vi.useRealTimers();
});

describe('shared breaker state', () => {
  it('opens the breaker in another router when one router opens it', async () => {
    const store = createMemoryBreakerStateStore();
    const a = make(store);
    const b = make(store);
    a.primary.failNext({ status: 503 }, 2);
    await a.router.chat(ask);
    await a.router.chat(ask);
    expect(stateOf(a.router, 'primary:a')).toBe('open');
    expect(stateOf(b.router, 'primary:a')).toBe('open');
    // b skips the candidate without ever having seen it fail.
    expect((await b.router.chat(ask)).provider).toBe('backup');
    expect(b.primary.callCount).toBe(0);
  });

  it('keeps local breakers working when the store fails, and warns', async () => {
    const warnings: string[] = [];
    const broken: BreakerStateStore = {
      publish: () => Promise.reject(new Error('store down')),
      subscribe: () => () => {},
    };
    const a = make(broken);
    a.router.on('warning', (event) => warnings.push(event.code));
    a.primary.failNext({ status: 503 }, 2);
    await a.router.chat(ask);
    await a.router.chat(ask);
    expect(stateOf(a.router, 'primary:a')).toBe('open');
    expect((await a.router.chat(ask)).provider).toBe('backup');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(warnings).toContain('breaker-store');
  });

  it('stops listening when the router closes', async () => {
    const store = createMemoryBreakerStateStore();
    const a = make(store);
    const b = make(store);
    await b.router.close();
    a.primary.failNext({ status: 503 }, 2);
    await a.router.chat(ask);
    await a.router.chat(ask);
    expect(stateOf(b.router, 'primary:a')).toBe('closed');
  });

  describe('half-open trials across routers', () => {
    const trial: BreakerOptions = {
      resetTimeoutMs: 1_000,
      halfOpenMaxCalls: 1,
      successThreshold: 1,
    };

    it('lets one router at a time run the trial; the other waits another reset timeout', async () => {
      vi.useFakeTimers();
      const store = createMemoryBreakerStateStore();
      const a = make(store, trial);
      const b = make(store, trial);
      a.primary.failNext({ status: 503 }, 2);
      await a.router.chat(ask);
      await a.router.chat(ask);
      expect(stateOf(b.router, 'primary:a')).toBe('open');
      await vi.advanceTimersByTimeAsync(1_000); // both go half-open and claim the one slot
      const states = [stateOf(a.router, 'primary:a'), stateOf(b.router, 'primary:a')];
      expect(states.sort()).toEqual(['half-open', 'open']);
      const before = [a.primary.callCount, b.primary.callCount] as const;
      const answers = await Promise.all([a.router.chat(ask), b.router.chat(ask)]);
      // One trial call reached the vendor, from the router holding the slot; it closed there.
      const trialsOfA = a.primary.callCount - before[0];
      expect(trialsOfA + b.primary.callCount - before[1]).toBe(1);
      expect(answers.map((r) => r.provider).sort()).toEqual(['backup', 'primary']);
      const [winner, waiter] = trialsOfA === 1 ? [a, b] : [b, a];
      expect(stateOf(winner.router, 'primary:a')).toBe('closed');
      // The slot was released on closing: the other router runs its own trial next time.
      await vi.advanceTimersByTimeAsync(1_000);
      expect(stateOf(waiter.router, 'primary:a')).toBe('half-open');
      expect((await waiter.router.chat(ask)).provider).toBe('primary');
      expect(stateOf(waiter.router, 'primary:a')).toBe('closed');
    });

    it('runs trials locally when the store fails to claim, and warns', async () => {
      vi.useFakeTimers();
      const memory = createMemoryBreakerStateStore();
      const broken: BreakerStateStore = {
        publish: (change) => memory.publish(change),
        subscribe: (listener) => memory.subscribe(listener),
        claimTrial: () => Promise.reject(new Error('store down')),
      };
      const a = make(broken, trial);
      const warnings: string[] = [];
      a.router.on('warning', (event) => {
        warnings.push(event.message);
      });
      a.primary.failNext({ status: 503 }, 2);
      await a.router.chat(ask);
      await a.router.chat(ask);
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await a.router.chat(ask)).provider).toBe('primary');
      expect(stateOf(a.router, 'primary:a')).toBe('closed');
      await vi.advanceTimersByTimeAsync(1);
      expect(warnings.some((w) => w.includes('failed to claim a trial'))).toBe(true);
    });
  });
});
