import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { crossFitRouter, scoredPrompts } from './cross-fit.js';
import { CHEAP, STRONG, toyOutcomes } from './learned-test-data.test-util.js';

const outcomes = toyOutcomes().map((o) => ({
  ...o,
  // Each round its own prompt, so there are enough prompts to fold.
  prompt: `${o.prompt} (${o.time % 6})`,
  costUsd: o.model === CHEAP ? 0.001 : 0.01,
}));
const logit = (p: number) => Math.log(p / (1 - p));

describe('crossFitRouter', () => {
  const options = {
    folds: 4,
    learningRate: 0.2,
    epochs: 5,
    precision: 'float32' as const,
    trainedAt: new Date(0),
  };
  const fit = crossFitRouter(outcomes, options);

  it('holds each prompt out of exactly one fold, with all its outcomes', () => {
    const seen = new Map<string, number>();
    fit.folds.forEach((f, i) => {
      for (const o of f.heldOut) {
        expect(seen.get(o.prompt as string) ?? i).toBe(i);
        seen.set(o.prompt as string, i);
      }
    });
    expect(fit.folds.reduce((a, f) => a + f.heldOut.length, 0)).toBe(outcomes.length);
    expect(new Set(seen.values()).size).toBe(4);
  });

  it('deploys the average of the fold models: its log-odds are their mean', () => {
    for (const text of ['Prove the residue theorem', 'What is the capital of Peru?', '']) {
      const p = fit.model.predict(text);
      for (const m of [CHEAP, STRONG]) {
        const mean =
          fit.folds.reduce((a, f) => a + logit(f.model.predict(text)[m] as number), 0) / 4;
        expect(logit(p[m] as number)).toBeCloseTo(mean, 4);
      }
    }
    expect(fit.model.predictsCost(CHEAP)).toBe(true);
  });

  it('is deterministic for a seed, and the folds feed scoredPrompts', () => {
    const again = crossFitRouter(outcomes, options);
    expect(again.model.serialize()).toEqual(fit.model.serialize());
    const prompts = scoredPrompts(fit.folds[0]?.heldOut ?? [], [CHEAP, STRONG]);
    expect(prompts.length).toBeGreaterThan(0);
    for (const p of prompts) {
      expect(Object.keys(p.scores).sort()).toEqual([CHEAP, STRONG].sort());
      expect(p.costs?.[STRONG]).toBe(0.01);
    }
  });

  it('refuses too few prompts or a bad fold count', () => {
    expect(() => crossFitRouter(outcomes.slice(0, 4), { folds: 5 })).toThrow(ConfigError);
    expect(() => crossFitRouter(outcomes, { folds: 1 })).toThrow(/from 2 to 20/);
  });
});

describe('scoredPrompts', () => {
  it('keeps prompts scored for every model, the newest outcome counting', () => {
    const rows = scoredPrompts(
      [
        { prompt: 'a', model: CHEAP, score: 0, time: 1 },
        { prompt: 'a', model: CHEAP, score: 1, time: 2 },
        { prompt: 'a', model: STRONG, score: 1, time: 1 },
        { prompt: 'b', model: CHEAP, score: 1, time: 1 },
      ],
      [CHEAP, STRONG],
    );
    expect(rows).toEqual([{ prompt: 'a', scores: { [CHEAP]: 1, [STRONG]: 1 }, costs: {} }]);
  });
});
