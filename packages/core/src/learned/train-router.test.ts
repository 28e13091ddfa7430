import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { CHEAP, STRONG, toyOutcomes } from './learned-test-data.test-util.js';
import { outcomeFeatures, trainRouter } from './train-router.js';

const at = new Date('2026-11-30T00:00:00Z');

describe('trainRouter', () => {
  it('learns which prompts the cheap model gets wrong', () => {
    // A small data set needs bigger steps than the defaults (tuned on tens of thousands of outcomes).
    const model = trainRouter(toyOutcomes(), { learningRate: 0.2, epochs: 10, trainedAt: at });
    const hard = model.predict('Prove that every bounded monotone sequence converges');
    const easy = model.predict('What is the capital of Italy?');
    expect(hard[CHEAP]).toBeLessThan(0.5);
    expect(easy[CHEAP]).toBeGreaterThan(0.8);
    expect(hard[STRONG]).toBeGreaterThan(0.8);
    const gain = (p: Record<string, number>) => (p[STRONG] as number) - (p[CHEAP] as number);
    expect(gain(hard) - gain(easy)).toBeGreaterThan(0.4);
    expect(model.models).toEqual([STRONG, CHEAP]); // sorted by name
    expect(model.info.outcomes).toEqual({ [CHEAP]: 240, [STRONG]: 240 });
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const a = trainRouter(toyOutcomes(), { seed: 7, trainedAt: at }).serialize();
    const b = trainRouter(toyOutcomes(), { seed: 7, trainedAt: at }).serialize();
    const c = trainRouter(toyOutcomes(), { seed: 8, trainedAt: at }).serialize();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('trains the same from features as from prompts', () => {
    const withText = toyOutcomes();
    const withFeatures = withText.map(({ prompt, ...rest }) => ({
      ...rest,
      features: outcomeFeatures(prompt as string),
    }));
    const a = trainRouter(withText, { trainedAt: at }).serialize();
    const b = trainRouter(withFeatures, { trainedAt: at }).serialize();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('learns what answers cost when outcomes carry costs', () => {
    // Proofs get long answers: ten times the cost of a lookup.
    const withCosts = toyOutcomes().map((o) => ({
      ...o,
      costUsd: (o.prompt as string).startsWith('Prove') ? 0.01 : 0.001,
    }));
    const model = trainRouter(withCosts, { learningRate: 0.2, epochs: 10 });
    expect(model.predictsCost(CHEAP)).toBe(true);
    const costs = new Float64Array(2);
    model.predictInto('Prove that every bounded monotone sequence converges', undefined, costs);
    const hard = costs[0] as number;
    model.predictInto('What is the capital of Italy?', undefined, costs);
    expect(hard / (costs[0] as number)).toBeGreaterThan(2);
    expect(trainRouter(toyOutcomes()).predictsCost(CHEAP)).toBe(false);
    expect(trainRouter(withCosts, { costs: false }).predictsCost(CHEAP)).toBe(false);
  });

  it('names every bad outcome and option in one ConfigError', () => {
    const error = (() => {
      try {
        trainRouter(
          [
            { prompt: 'x', model: CHEAP, score: 1.5, time: 0 },
            { model: CHEAP, score: 1, time: 0 },
            { features: outcomeFeatures('x', 12), model: CHEAP, score: 1, time: 0 },
          ],
          { bits: 40, models: [CHEAP, 'mock:missing'] },
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(ConfigError.isInstance(error)).toBe(true);
    const paths = (error as ConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'options.bits',
        'outcomes[0].score',
        'outcomes[1]',
        'outcomes[2].features',
        'options.models',
      ]),
    );
    expect(() => trainRouter([])).toThrow(/no outcomes to train on/);
  });
});
