import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLayeredCacheStore } from '../cache/layered-cache-store.js';
import { createMemoryCacheStore } from '../cache/memory-cache-store.js';
import type { WarningEvent } from '../events/router-events.js';
import { createRouter, type Router } from '../router/router.js';
import { createMemorySessionStore } from '../session/session-store.js';
import type { BackendStatus, WatchableStore } from './store-backends.js';

/** A backend the test switches up and down, as a Redis connection's breaker would. */
function backend(name: string) {
  const listeners = new Set<(status: BackendStatus) => void>();
  let status: BackendStatus = { backend: name, state: 'up' };
  const watchable: WatchableStore = {
    backendStatus: () => status,
    watchBackend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    watchable,
    listeners,
    set(state: 'up' | 'down') {
      status =
        state === 'up'
          ? { backend: name, state }
          : { backend: name, state, since: 1, lastError: 'timed out' };
      for (const listener of [...listeners]) listener(status);
    },
  };
}

const routers: Router[] = [];
afterEach(async () => {
  for (const router of routers.splice(0)) await router.close();
});

function make(cacheBackend: ReturnType<typeof backend>, sessionBackend = cacheBackend) {
  const router = createRouter({
    providers: [createMockProvider({ id: 'p', rules: [{ reply: 'hi' }] })],
    models: { fast: ['p:m'] },
    cache: {
      store: createLayeredCacheStore({
        memory: createMemoryCacheStore(),
        shared: { ...createMemoryCacheStore(), ...cacheBackend.watchable },
      }),
    },
    sessions: { store: { ...createMemorySessionStore(), ...sessionBackend.watchable } },
  });
  routers.push(router);
  const warnings: WarningEvent[] = [];
  router.on('warning', (event) => {
    warnings.push(event);
  });
  const codes = () => warnings.map((w) => w.code);
  return { router, warnings, codes };
}
// Events reach listeners on a later turn (`setImmediate`); a `setTimeout(0)` may run before it.
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('store backends in router health and warnings', () => {
  it('lists each watchable store, the layered cache passing its shared layer through', () => {
    const redis = backend('redis 127.0.0.1:6379');
    const { router } = make(redis);
    expect(router.health().backends).toEqual([
      { store: 'cache', backend: 'redis 127.0.0.1:6379', state: 'up' },
      { store: 'session', backend: 'redis 127.0.0.1:6379', state: 'up' },
    ]);
    expect(router.health().status).toBe('ok');
  });

  it('warns once per outage of a backend shared by stores, and once when all are back', async () => {
    const redis = backend('redis a');
    const { router, warnings, codes } = make(redis);
    redis.set('down');
    redis.set('down');
    await tick();
    expect(codes()).toEqual(['store-unavailable']);
    expect(warnings[0]?.message).toBe(
      'redis a is unavailable (the cache store: timed out); stores answer from local state until it is back.',
    );
    const health = router.health();
    expect(health.status).toBe('degraded');
    expect(health.backends?.map((b) => b.state)).toEqual(['down', 'down']);
    redis.set('up');
    await tick();
    expect(codes()).toEqual(['store-unavailable', 'store-recovered']);
    expect(router.health().status).toBe('ok');
  });

  it('waits for every store of the backend before saying it recovered', async () => {
    const cache = backend('redis b');
    const session = backend('redis b');
    const { codes } = make(cache, session);
    cache.set('down');
    session.set('down');
    cache.set('up');
    await tick();
    expect(codes()).toEqual(['store-unavailable']);
    session.set('up');
    await tick();
    expect(codes()).toEqual(['store-unavailable', 'store-recovered']);
  });

  it('warns per backend when stores use different ones', async () => {
    const cache = backend('redis c1');
    const session = backend('redis c2');
    const { codes } = make(cache, session);
    cache.set('down');
    session.set('down');
    await tick();
    expect(codes()).toEqual(['store-unavailable', 'store-unavailable']);
  });

  it('stops watching when the router closes', async () => {
    const redis = backend('redis d');
    const { router } = make(redis);
    expect(redis.listeners.size).toBe(2);
    await router.close();
    expect(redis.listeners.size).toBe(0);
  });
});
