import { runCacheStoreContract, sampleCacheEntry } from '@switchyard/testing/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLayeredCacheStore } from './layered-cache-store.js';
import { createMemoryCacheStore } from './memory-cache-store.js';

runCacheStoreContract({ name: 'memory', create: () => createMemoryCacheStore() });
runCacheStoreContract({
  name: 'layered memory over memory',
  create: () =>
    createLayeredCacheStore({ memory: createMemoryCacheStore(), shared: createMemoryCacheStore() }),
});

afterEach(() => {
  vi.useRealTimers();
});

describe('memory cache store', () => {
  it('expires entries by TTL on the clock (fake timers), with no timers of its own', () => {
    vi.useFakeTimers();
    const store = createMemoryCacheStore();
    store.set('k', sampleCacheEntry('x'), 1_000);
    vi.advanceTimersByTime(1_000);
    expect(store.get('k')?.text).toBe('x'); // alive for its full TTL
    vi.advanceTimersByTime(1);
    expect(store.get('k')).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stays under its byte bound, evicting the least recently used, and says so', () => {
    const store = createMemoryCacheStore({ maxBytes: 50_000 });
    for (let i = 0; i < 20; i++)
      store.set(`k${i}`, sampleCacheEntry(`${i}`.padEnd(4_000, '.')), 60_000);
    const stats = store.stats();
    expect(stats.bytes).toBeLessThanOrEqual(50_000);
    expect(stats.entries).toBeLessThan(20);
    expect(stats.evictions).toBe(20 - stats.entries);
    expect(store.get('k19')?.text.startsWith('19')).toBe(true);
    expect(store.get('k0')).toBeUndefined();
  });

  it('stays under its entry bound', () => {
    const store = createMemoryCacheStore({ maxEntries: 3 });
    for (let i = 0; i < 5; i++) store.set(`k${i}`, sampleCacheEntry(`${i}`), 60_000);
    expect(store.stats()).toMatchObject({ entries: 3, evictions: 2 });
  });
});

describe('layered cache store', () => {
  it('reads memory first, back-fills memory from a shared hit, and writes both', async () => {
    const memory = createMemoryCacheStore();
    const shared = createMemoryCacheStore();
    const layered = createLayeredCacheStore({ memory, shared });
    shared.set('k', sampleCacheEntry('from shared'), 60_000);
    expect(memory.get('k')).toBeUndefined();
    expect((await layered.get('k'))?.text).toBe('from shared');
    expect(memory.get('k')?.text).toBe('from shared');
    await layered.set('w', sampleCacheEntry('written'), 60_000);
    expect(memory.get('w')?.text).toBe('written');
    expect(shared.get('w')?.text).toBe('written');
  });

  it('never keeps a memory copy longer than the shared entry lives', async () => {
    vi.useFakeTimers();
    const memory = createMemoryCacheStore();
    const shared = createMemoryCacheStore();
    const layered = createLayeredCacheStore({ memory, shared, memoryTtlMs: 60_000 });
    const entry = sampleCacheEntry('short', { expiresAt: Date.now() + 5_000 });
    shared.set('k', entry, 5_000);
    await layered.get('k'); // back-fills memory with at most the 5 s left
    vi.advanceTimersByTime(5_001);
    expect(memory.get('k')).toBeUndefined();
    await layered.set('long', sampleCacheEntry('long'), 120_000);
    vi.advanceTimersByTime(60_001);
    expect(memory.get('long')).toBeUndefined(); // memory TTL capped at 60 s
    expect(shared.get('long')?.text).toBe('long');
  });
});
