import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import { createRouter, type Router } from '../router/router.js';
import { type BreakerStateStore, createMemoryBreakerStateStore } from './breaker-state-store.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], model: 'fast' };
const routers: Router[] = [];

function make(store: BreakerStateStore) {
  const primary = createMockProvider({ id: 'primary', rules: [{ reply: 'primary' }] });
  const backup = createMockProvider({ id: 'backup', rules: [{ reply: 'backup' }] });
  const router = createRouter({
    providers: [primary, backup],
    models: { fast: ['primary:a', 'backup:b'] },
    retry: { maxRetries: 0 },
    breaker: { failureThreshold: 2, store },
  });
  routers.push(router);
  return { router, primary };
}
const stateOf = (router: Router, candidate: string) =>
  router.health().breakers.find((b) => b.candidate === candidate)?.state;

afterEach(async () => {
  for (const router of routers.splice(0)) await router.close();
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
});
