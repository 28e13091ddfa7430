import type { CacheEntry, CacheStore } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** Options of {@link runCacheStoreContract}. */
export interface CacheStoreContractOptions {
  /** Suite name, e.g. `"memory cache store"`. */
  readonly name: string;
  /** Creates an empty store (it may be a fresh namespace of a shared server). */
  readonly create: () => CacheStore | Promise<CacheStore>;
  /**
   * Real milliseconds the suite waits for a short TTL to lapse. The suite uses real time so that
   * stores whose expiry is kept elsewhere (Redis) pass the same tests. Defaults to 150.
   */
  readonly expiryWaitMs?: number | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An entry like the router writes, with a unique text. */
export function sampleCacheEntry(text: string, overrides: Partial<CacheEntry> = {}): CacheEntry {
  const now = Date.now();
  return {
    v: 1,
    text,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 12, outputTokens: 4, totalTokens: 16 },
    provider: 'openai',
    model: 'gpt-4o-mini',
    createdAt: now,
    expiresAt: now + 60_000,
    ...overrides,
  };
}

/**
 * The tests every `CacheStore` must pass: the memory store in core and the Redis store run the
 * very same suite. Call it from a test file:
 *
 * @example
 * runCacheStoreContract({ name: 'my store', create: () => createMyStore() });
 */
export function runCacheStoreContract(options: CacheStoreContractOptions): void {
  const wait = options.expiryWaitMs ?? 150;
  describe(`cache store contract: ${options.name}`, () => {
    let store: CacheStore;
    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store.clear();
      await store.close?.();
    });

    it('returns undefined for a key it does not hold', async () => {
      expect(await store.get('absent')).toBeUndefined();
    });

    it('returns what was stored, unchanged', async () => {
      const entry = sampleCacheEntry('Paris.', {
        toolCalls: [
          { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', days: [1, 2] } },
        ],
        finishReason: 'tool-calls',
        rawFinishReason: 'tool_calls',
        usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120, cachedInputTokens: 64 },
        id: 'chatcmpl-1',
      });
      await store.set('k1', entry, 60_000);
      expect(await store.get('k1')).toEqual(entry);
    });

    it('keeps unicode and long text intact', async () => {
      const entry = sampleCacheEntry(`Grüße 👋 ${'日本語'.repeat(2_000)}`);
      await store.set('k-unicode', entry, 60_000);
      expect((await store.get('k-unicode'))?.text).toBe(entry.text);
    });

    it('keeps keys apart and replaces an entry written again', async () => {
      await store.set('a', sampleCacheEntry('first'), 60_000);
      await store.set('b', sampleCacheEntry('other'), 60_000);
      await store.set('a', sampleCacheEntry('second'), 60_000);
      expect((await store.get('a'))?.text).toBe('second');
      expect((await store.get('b'))?.text).toBe('other');
    });

    it('deletes one entry and clears all', async () => {
      await store.set('a', sampleCacheEntry('a'), 60_000);
      await store.set('b', sampleCacheEntry('b'), 60_000);
      await store.delete('a');
      expect(await store.get('a')).toBeUndefined();
      expect((await store.get('b'))?.text).toBe('b');
      await store.clear();
      expect(await store.get('b')).toBeUndefined();
    });

    it('forgets an entry after its TTL', async () => {
      await store.set('short', sampleCacheEntry('short'), 40);
      await store.set('long', sampleCacheEntry('long'), 60_000);
      await sleep(wait);
      expect(await store.get('short')).toBeUndefined();
      expect((await store.get('long'))?.text).toBe('long');
    });
  });
}
