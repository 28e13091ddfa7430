import { createMockProvider } from '@switchyard/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import type { PolicyContext, PolicyDecision } from '../policy/routing-policy.js';
import { createRouter } from '../router/router.js';
import { learnedCostPolicy, learnedTierPolicy } from './learned-policies.js';
import { CHEAP, STRONG, toyOutcomes } from './learned-test-data.test-util.js';
import { tierThreshold } from './tier-threshold.js';
import { trainRouter } from './train-router.js';

const model = trainRouter(toyOutcomes(), { learningRate: 0.2, epochs: 10 });
const context = (content: string): PolicyContext => ({
  request: { messages: [{ role: 'user', content }] },
  classification: undefined,
  session: undefined,
  isAlias: () => true,
});
const HARD = 'Prove that the integral of an odd function over a symmetric interval is zero';
const EASY = 'What is the capital of Portugal?';
const prices = {
  [CHEAP]: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  [STRONG]: { inputPerMTok: 2.5, outputPerMTok: 10 },
};
const decided = (d: PolicyDecision | undefined) => {
  if (d?.verdict !== 'decide') throw new Error(`expected a decision, got ${JSON.stringify(d)}`);
  return d;
};

describe('learnedTierPolicy', () => {
  const policy = learnedTierPolicy({
    model,
    cheap: { route: 'fast', model: CHEAP },
    strong: { route: 'strong', model: STRONG },
    threshold: 0.2,
    prices,
  });

  it('sends a prompt to the strong route when the predicted gain passes the threshold', () => {
    const p = model.predict(HARD);
    expect((p[STRONG] as number) - (p[CHEAP] as number)).toBeGreaterThan(0.2);
    expect(decided(policy.decide(context(HARD))).models).toEqual(['strong', 'fast']);
    expect(decided(policy.decide(context(EASY))).models).toEqual(['fast', 'strong']);
  });

  it('writes both predictions, the gain, the threshold and the estimated costs into the note', () => {
    const p = model.predict(HARD);
    const note = decided(policy.decide(context(HARD))).note;
    expect(note).toContain(`${STRONG} ${(p[STRONG] as number).toFixed(2)}`);
    expect(note).toContain(`${CHEAP} ${(p[CHEAP] as number).toFixed(2)}`);
    expect(note).toContain('threshold 0.200 → strong');
    // 19 tokens of prompt (75 characters / 4) and 300 of output at the strong model's prices.
    const strongCost = (19 * 2.5 + 300 * 10) / 1e6;
    expect(note).toContain(`${STRONG} $${strongCost.toPrecision(2)}`);
  });

  it('puts the predictions, gain, threshold and costs into the decision as data', () => {
    const p = model.predict(HARD);
    const learned = decided(policy.decide(context(HARD))).learned;
    const strongCost = (19 * 2.5 + 300 * 10) / 1e6;
    const cheapCost = (19 * 0.15 + 300 * 0.6) / 1e6;
    expect(learned).toEqual({
      kind: 'tier',
      chosen: 'strong',
      reason: 'gain-above-threshold',
      gain: (p[STRONG] as number) - (p[CHEAP] as number),
      threshold: 0.2,
      candidates: [
        {
          route: 'strong',
          model: STRONG,
          predictedScore: p[STRONG],
          estimatedCostUsd: strongCost,
          costSource: 'prices',
        },
        {
          route: 'fast',
          model: CHEAP,
          predictedScore: p[CHEAP],
          estimatedCostUsd: cheapCost,
          costSource: 'prices',
        },
      ],
    });
    const easy = decided(policy.decide(context(EASY))).learned;
    expect(easy?.reason).toBe('gain-at-or-below-threshold');
    expect(easy?.candidates.map((c) => c.route)).toEqual(['fast', 'strong']);
  });

  it('reaches the route trace of a real router as structured data', async () => {
    const router = createRouter({
      providers: [createMockProvider({ id: 'mock' })],
      models: { fast: [CHEAP], strong: [STRONG] },
      routing: { policies: [policy] },
    });
    try {
      const answer = await router.chat({ messages: [{ role: 'user', content: HARD }] });
      const step = answer.route.steps.find((s) => s.policy === 'learned');
      expect(step?.verdict).toBe('decide');
      expect(step?.learned?.chosen).toBe('strong');
      expect(step?.learned?.candidates[0]?.predictedScore).toBe(model.predict(HARD)[STRONG]);
      expect(answer.model).toBe('large');
    } finally {
      await router.close();
    }
  });

  it('refuses a route the model cannot predict', () => {
    expect(() =>
      learnedTierPolicy({
        model,
        cheap: { route: 'fast', model: 'openai:gpt-4o-mini' },
        strong: { route: 'strong', model: STRONG },
        threshold: 0,
      }),
    ).toThrow(ConfigError);
  });
});

describe('tierThreshold', () => {
  const prompts = [HARD, EASY, 'Prove Fermat little theorem', 'Say hello'].map((prompt) => ({
    prompt,
  }));
  const routes = { cheap: CHEAP, strong: STRONG };

  it('puts the asked share of prompts above the threshold', () => {
    const t = tierThreshold(model, routes, prompts, { strongShare: 0.5 });
    const gains = prompts.map((p) => {
      const s = model.predict(p.prompt);
      return (s[STRONG] as number) - (s[CHEAP] as number);
    });
    expect(gains.filter((g) => g > t)).toHaveLength(2);
  });

  it('finds the fewest strong calls that reach a quality target', () => {
    const scored = [
      { prompt: HARD, scores: { [CHEAP]: 0, [STRONG]: 1 } },
      { prompt: EASY, scores: { [CHEAP]: 1, [STRONG]: 1 } },
      { prompt: 'Say hello', scores: { [CHEAP]: 1, [STRONG]: 1 } },
      { prompt: 'Prove Fermat little theorem', scores: { [CHEAP]: 0, [STRONG]: 1 } },
    ];
    const t = tierThreshold(model, routes, scored, { quality: 1 });
    const strong = scored.filter((p) => {
      const s = model.predict(p.prompt);
      return (s[STRONG] as number) - (s[CHEAP] as number) > t;
    });
    expect(strong.map((p) => p.prompt).sort()).toEqual(
      [HARD, 'Prove Fermat little theorem'].sort(),
    );
    expect(() => tierThreshold(model, routes, [{ prompt: HARD }], { quality: 0.9 })).toThrow(
      /needs every prompt scored/,
    );
  });

  it('meets a quality target when prompts tie on their predicted gain (tied prompts go together)', () => {
    // Repeated prompts predict the same gain: no threshold splits them, so the target needs all.
    const tied = [
      ...Array.from({ length: 3 }, () => ({
        prompt: HARD,
        scores: { [CHEAP]: 0, [STRONG]: 1 },
      })),
      { prompt: EASY, scores: { [CHEAP]: 1, [STRONG]: 1 } },
    ];
    const gainOf = (prompt: string) => {
      const s = model.predict(prompt);
      return (s[STRONG] as number) - (s[CHEAP] as number);
    };
    const t = tierThreshold(model, routes, tied, { quality: 0.95 });
    expect(tied.filter((p) => gainOf(p.prompt) > t)).toHaveLength(3);
    // A share target between the sizes of the tied group takes the nearer size.
    const same = Array.from({ length: 4 }, () => ({ prompt: HARD }));
    expect(
      same.filter(
        (p) => gainOf(p.prompt) > tierThreshold(model, routes, same, { strongShare: 0.75 }),
      ),
    ).toHaveLength(4);
    expect(
      same.filter(
        (p) => gainOf(p.prompt) > tierThreshold(model, routes, same, { strongShare: 0.25 }),
      ),
    ).toHaveLength(0);
  });
});

describe('learnedCostPolicy', () => {
  const candidates = [
    { route: CHEAP, model: CHEAP },
    { route: STRONG, model: STRONG },
  ];

  it('maximises predicted quality minus lambda times the estimated cost', () => {
    const free = learnedCostPolicy({ model, candidates, lambda: 0, prices });
    const thrifty = learnedCostPolicy({ model, candidates, lambda: 100, prices });
    const miser = learnedCostPolicy({ model, candidates, lambda: 1e6, prices });
    // λ = 0: the best predicted model, whatever it costs.
    expect(decided(free.decide(context(HARD))).models[0]).toBe(STRONG);
    // λ = 100 per dollar: the strong model's 0.3 cents cost 0.3; worth it only for the hard prompt.
    expect(decided(thrifty.decide(context(HARD))).models).toEqual([STRONG, CHEAP]);
    expect(decided(thrifty.decide(context(EASY))).models).toEqual([CHEAP, STRONG]);
    expect(decided(miser.decide(context(HARD))).models[0]).toBe(CHEAP);
    expect(decided(thrifty.decide(context(HARD))).note).toMatch(
      /mock:large [01]\.\d\d \$0\.0030, mock:small 0\.\d\d \$0\.00018/,
    );
  });

  it('uses the learned cost prediction where the model has one', () => {
    // Outcomes say the "cheap" model's answers cost ten times the strong one's: prices say otherwise.
    const costly = trainRouter(
      toyOutcomes().map((o) => ({ ...o, costUsd: o.model === CHEAP ? 0.01 : 0.001 })),
      { learningRate: 0.2, epochs: 10 },
    );
    const auto = learnedCostPolicy({ model: costly, candidates, lambda: 50, prices });
    const byPrices = learnedCostPolicy({
      model: costly,
      candidates,
      lambda: 50,
      prices,
      costSource: 'prices',
    });
    expect(decided(auto.decide(context(EASY))).models[0]).toBe(STRONG);
    expect(decided(byPrices.decide(context(EASY))).models[0]).toBe(CHEAP);
  });

  it('lists every candidate with its prediction, cost, its source and utility as data', () => {
    const costly = trainRouter(
      toyOutcomes().map((o) => ({ ...o, costUsd: o.model === CHEAP ? 0.001 : 0.01 })),
      { learningRate: 0.2, epochs: 10 },
    );
    const mixed = [...candidates, { route: 'local', model: CHEAP }];
    const policy = learnedCostPolicy({ model: costly, candidates: mixed, lambda: 20, prices });
    const learned = decided(policy.decide(context(HARD))).learned;
    expect(learned?.kind).toBe('cost');
    expect(learned?.lambda).toBe(20);
    expect(learned?.reason).toBe('best-utility');
    const p = costly.predict(HARD);
    const costs = new Float64Array(2);
    costly.predictInto(HARD, new Float64Array(2), costs);
    for (const c of learned?.candidates ?? []) {
      const m = costly.indexOf(c.model);
      expect(c.predictedScore).toBe(p[c.model]);
      expect(c.costSource).toBe('learned');
      expect(c.estimatedCostUsd).toBe(costs[m]);
      expect(c.utility).toBeCloseTo(c.predictedScore - 20 * (costs[m] as number), 12);
    }
    const utilities = learned?.candidates.map((c) => c.utility as number) ?? [];
    expect(utilities).toEqual([...utilities].sort((a, b) => b - a));
    expect(learned?.chosen).toBe(learned?.candidates[0]?.route);
    // Without a cost regression, the price table is the source; an unknown model has none.
    const unpriced = learnedCostPolicy({
      model,
      candidates: [{ route: 'x', model: CHEAP }],
      lambda: 1,
      prices: {},
      outputTokens: 10,
    });
    const only = decided(unpriced.decide(context(EASY))).learned?.candidates[0];
    expect(only?.costSource).toBe('none');
    expect(only?.estimatedCostUsd).toBeUndefined();
  });

  it('refuses a negative lambda and an empty candidate list', () => {
    expect(() => learnedCostPolicy({ model, candidates: [], lambda: -1 })).toThrow(
      /candidates: needs at least one[\s\S]*lambda/,
    );
  });
});
