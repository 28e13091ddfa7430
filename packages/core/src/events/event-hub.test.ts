import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { registerSecret } from '../errors/redact-secrets.js';
import { createRouter, type Router } from '../router/router.js';
import { EventHub } from './event-hub.js';
import type { RouterEvent } from './router-events.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
let router: Router | undefined;
afterEach(async () => {
  await router?.close();
});

describe('event delivery', () => {
  it('delivers events to typed listeners and to onAny, and stops after unsubscribe', async () => {
    const hub = new EventHub();
    expect(hub.active).toBe(false);
    const typed: string[] = [];
    const any: string[] = [];
    const off = hub.on('warning', (e) => {
      typed.push(e.code);
    });
    hub.onAny((e) => {
      any.push(e.type);
    });
    expect(hub.active).toBe(true);
    hub.emit({ type: 'warning', code: 'a', message: 'x' });
    hub.emit({
      type: 'retry',
      provider: 'p',
      model: 'm',
      retry: 1,
      delayMs: 5,
      errorKind: 'server',
    });
    expect(typed).toEqual([]); // not synchronously
    await nextTurn();
    expect(typed).toEqual(['a']);
    expect(any).toEqual(['warning', 'retry']);
    off();
    hub.emit({ type: 'warning', code: 'b', message: 'x' });
    await nextTurn();
    expect(typed).toEqual(['a']);
  });

  it('runs listeners only after the request has settled for its caller', async () => {
    router = createRouter({
      providers: [createMockProvider({ id: 'm' })],
      models: { fast: ['m:x'] },
    });
    let callerContinued = false;
    let sawCallerContinued: boolean | undefined;
    router.on('response', () => {
      sawCallerContinued = callerContinued;
    });
    await router.chat(ask);
    callerContinued = true;
    await nextTurn();
    expect(sawCallerContinued).toBe(true);
  });

  it('isolates a throwing listener, a rejecting one, and a never-resolving async sink', async () => {
    const secret = 'sink-token-9f8e7d6c5b4a';
    registerSecret(secret);
    const events: RouterEvent[] = [];
    router = createRouter({
      providers: [createMockProvider({ id: 'm', rules: [{ reply: 'fine' }] })],
      models: { fast: ['m:x'] },
      onEvent: (e) => {
        events.push(e);
      },
    });
    let healthyCalls = 0;
    router.on('response', () => {
      throw new Error(`listener bug with ${secret}`);
    });
    router.on('response', () => Promise.reject(new Error('database down')));
    router.on('response', () => new Promise(() => {})); // never settles
    router.on('response', () => {
      healthyCalls += 1;
    });
    const answers = await Promise.all([router.chat(ask), router.chat(ask)]);
    expect(answers.map((a) => a.text)).toEqual(['fine', 'fine']);
    await nextTurn();
    await nextTurn();
    expect(healthyCalls).toBe(2);
    const failures = events.filter((e) => e.type === 'listener-error');
    expect(failures).toHaveLength(4);
    expect(failures.map((e) => (e.type === 'listener-error' ? e.message : ''))).toEqual(
      expect.arrayContaining([`listener bug with [REDACTED]`, 'database down']),
    );
    expect(failures.every((e) => e.type === 'listener-error' && e.eventType === 'response')).toBe(
      true,
    );
  });

  it('does not loop when a listener-error listener itself throws', async () => {
    const hub = new EventHub();
    let calls = 0;
    hub.onAny(() => {
      calls += 1;
      throw new Error('always');
    });
    hub.emit({ type: 'warning', code: 'x', message: 'y' });
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(calls).toBe(2); // the warning, then one listener-error, and no more
  });

  it('delivers what is queued when the router closes, then goes quiet', async () => {
    const seen: string[] = [];
    router = createRouter({
      providers: [createMockProvider({ id: 'm' })],
      models: { fast: ['m:x'] },
      onEvent: (e) => {
        seen.push(e.type);
      },
    });
    await router.chat(ask);
    await router.close();
    expect(seen).toEqual(['decision', 'attempt', 'warning', 'response']); // m:x has no price
  });
});
