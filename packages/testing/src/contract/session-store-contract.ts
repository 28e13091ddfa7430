import type { SessionState, SessionStore } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** Options of {@link runSessionStoreContract}. */
export interface SessionStoreContractOptions {
  readonly name: string;
  /** Creates an empty store. */
  readonly create: () => SessionStore | Promise<SessionStore>;
  /** Real milliseconds to wait for a short TTL to lapse. Defaults to 150. */
  readonly expiryWaitMs?: number | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const state = (provider: string, category = 'coding'): SessionState => ({
  provider,
  candidate: `${provider}:model-x`,
  category,
  switches: 1,
  updatedAt: 1_700_000_000_000,
});

/** The tests every `SessionStore` must pass (memory in core, Redis in `@switchyard/redis`). */
export function runSessionStoreContract(options: SessionStoreContractOptions): void {
  const wait = options.expiryWaitMs ?? 150;
  describe(`session store contract: ${options.name}`, () => {
    let store: SessionStore;
    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store.close?.();
    });

    it('returns undefined for an unknown session and what was stored for a known one', async () => {
      expect(await store.get('unknown')).toBeUndefined();
      await store.set('s1', state('openai'), 60_000);
      expect(await store.get('s1')).toEqual(state('openai'));
    });

    it('keeps sessions apart, overwrites, and deletes', async () => {
      await store.set('s1', state('openai'), 60_000);
      await store.set('s2', state('anthropic', 'math'), 60_000);
      await store.set('s1', state('groq'), 60_000);
      expect((await store.get('s1'))?.provider).toBe('groq');
      expect((await store.get('s2'))?.category).toBe('math');
      await store.delete('s1');
      expect(await store.get('s1')).toBeUndefined();
    });

    it('forgets an idle session after its TTL', async () => {
      await store.set('short', state('openai'), 40);
      await sleep(wait);
      expect(await store.get('short')).toBeUndefined();
    });
  });
}
