import type { Outcome, OutcomeStore } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** Options of {@link runOutcomeStoreContract}. */
export interface OutcomeStoreContractOptions {
  readonly name: string;
  /** Creates an empty store. */
  readonly create: () => OutcomeStore | Promise<OutcomeStore>;
}

/** An outcome for contract tests; `overrides` change any field. */
export function sampleOutcome(overrides: Partial<Outcome> = {}): Outcome {
  return {
    prompt: 'What is 2 + 2?',
    model: 'openai:gpt-4o-mini',
    score: 1,
    costUsd: 0.000_02,
    latencyMs: 420,
    time: 1_700_000_000_000,
    source: 'feedback',
    category: 'math',
    ...overrides,
  };
}

/** The tests every `OutcomeStore` must pass (memory in core, Redis in `@switchyard/redis`). */
export function runOutcomeStoreContract(options: OutcomeStoreContractOptions): void {
  describe(`outcome store contract: ${options.name}`, () => {
    let store: OutcomeStore & { close?(): unknown };
    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store.close?.();
    });

    it('is empty at first, and returns every field of what was added', async () => {
      expect(await store.size()).toBe(0);
      expect(await store.list()).toEqual([]);
      const withFeatures = sampleOutcome({
        prompt: undefined,
        features: { featureVersion: 1, bits: 18, indices: [3, 70_000], values: [0.5, 0.25] },
        time: 1_700_000_000_001,
      });
      await store.add(sampleOutcome());
      await store.add(withFeatures);
      expect(await store.size()).toBe(2);
      expect(await store.list()).toEqual([sampleOutcome(), withFeatures]);
    });

    it('lists oldest first, filtered by time and model', async () => {
      const a1 = sampleOutcome({ model: 'a:m', time: 3_000, score: 0.1 });
      const b = sampleOutcome({ model: 'b:m', time: 1_000, score: 0.2 });
      const a2 = sampleOutcome({ model: 'a:m', time: 2_000, score: 0.3 });
      for (const outcome of [b, a2, a1]) await store.add(outcome);
      expect(await store.list()).toEqual([b, a2, a1]);
      expect(await store.list({ since: 2_000 })).toEqual([a2, a1]);
      expect(await store.list({ model: 'a:m' })).toEqual([a2, a1]);
      expect(await store.list({ since: 2_500, model: 'a:m' })).toEqual([a1]);
      expect(await store.list({ model: 'c:m' })).toEqual([]);
    });

    it('keeps identical outcomes apart', async () => {
      await store.add(sampleOutcome());
      await store.add(sampleOutcome());
      expect(await store.size()).toBe(2);
      expect(await store.list()).toHaveLength(2);
    });
  });
}
