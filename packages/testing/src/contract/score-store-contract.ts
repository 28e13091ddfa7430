import type { ModelCategoryScore, ScoreStore } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** Options of {@link runScoreStoreContract}. */
export interface ScoreStoreContractOptions {
  readonly name: string;
  /** Creates an empty store. */
  readonly create: () => ScoreStore | Promise<ScoreStore>;
}

/** A benchmark score for contract tests; `overrides` change any field. */
export function sampleScore(overrides: Partial<ModelCategoryScore> = {}): ModelCategoryScore {
  return {
    category: 'math',
    model: 'openai:gpt-4o-mini',
    score: 0.8,
    meanQuality: 90,
    p50LatencyMs: 420,
    p95LatencyMs: 900,
    costPerTestUsd: 0.00002,
    qualityScore: 0.9,
    speedScore: 0.75,
    costScore: 0.6,
    tests: 5,
    failures: 0,
    suiteVersion: 'starter-1',
    runId: 'bench-1',
    at: 1_700_000_000_000,
    ...overrides,
  };
}

const byKey = (scores: readonly ModelCategoryScore[]) =>
  [...scores].sort((a, b) => `${a.category}|${a.model}`.localeCompare(`${b.category}|${b.model}`));

/** The tests every `ScoreStore` must pass (memory in core, Redis in `@switchyard/redis`). */
export function runScoreStoreContract(options: ScoreStoreContractOptions): void {
  describe(`score store contract: ${options.name}`, () => {
    let store: ScoreStore;
    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store.close?.();
    });

    it('is empty at first, and returns every saved score field for field', async () => {
      expect(await store.latest()).toEqual([]);
      const unpriced = sampleScore({
        model: 'groq:llama',
        costPerTestUsd: undefined,
        p50LatencyMs: undefined,
        p95LatencyMs: undefined,
      });
      await store.save([sampleScore(), unpriced]);
      expect(byKey(await store.latest())).toEqual(byKey([sampleScore(), unpriced]));
    });

    it('keeps the newest score per model and category across runs', async () => {
      await store.save([
        sampleScore({ runId: 'r1', at: 1_000, score: 0.1 }),
        sampleScore({ category: 'coding', runId: 'r1', at: 1_000 }),
      ]);
      await store.save([sampleScore({ runId: 'r2', at: 2_000, score: 0.2 })]);
      const latest = byKey(await store.latest());
      expect(latest.map((s) => [s.category, s.runId, s.score])).toEqual([
        ['coding', 'r1', 0.8],
        ['math', 'r2', 0.2],
      ]);
    });

    it('never lets an older run saved late hide a newer one', async () => {
      await store.save([sampleScore({ runId: 'new', at: 2_000 })]);
      await store.save([sampleScore({ runId: 'old', at: 1_000 })]);
      expect((await store.latest()).map((s) => s.runId)).toEqual(['new']);
    });

    it('keeps models and categories apart', async () => {
      await store.save([
        sampleScore({ model: 'a:1' }),
        sampleScore({ model: 'b:1' }),
        sampleScore({ model: 'a:1', category: 'coding' }),
      ]);
      expect(await store.latest()).toHaveLength(3);
    });
  });
}
