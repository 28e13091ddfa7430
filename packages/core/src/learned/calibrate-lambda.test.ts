import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import type { PolicyDecision } from '../policy/routing-policy.js';
import { type CostScoredPrompt, calibrateLambda } from './calibrate-lambda.js';
import { learnedCostPolicy } from './learned-policies.js';
import { CHEAP, STRONG, toyOutcomes } from './learned-test-data.test-util.js';
import { trainRouter } from './train-router.js';

const model = trainRouter(toyOutcomes(), { learningRate: 0.2, epochs: 10 });
const candidates = [
  { route: CHEAP, model: CHEAP },
  { route: STRONG, model: STRONG },
];
const prices = {
  [CHEAP]: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  [STRONG]: { inputPerMTok: 2.5, outputPerMTok: 10 },
};
const HARD = [
  'Prove that the integral of an odd function over a symmetric interval is zero',
  'Prove Fermat little theorem by induction',
  'Evaluate the integral and prove it converges',
];
const EASY = ['What is the capital of Portugal?', 'Say hello to the team', 'Capital of Peru?'];
const costs = { [CHEAP]: 0.001, [STRONG]: 0.01 };
const prompts: CostScoredPrompt[] = [
  ...HARD.map((prompt) => ({ prompt, scores: { [CHEAP]: 0, [STRONG]: 1 }, costs })),
  ...EASY.map((prompt) => ({ prompt, scores: { [CHEAP]: 1, [STRONG]: 1 }, costs })),
];

/** Routes the prompts with the real policy: mean score and total cost. */
function routeAll(lambda: number, rows: readonly CostScoredPrompt[] = prompts) {
  const policy = learnedCostPolicy({ model, candidates, lambda, prices });
  let score = 0;
  let cost = 0;
  for (const p of rows) {
    const d = policy.decide({
      request: { messages: [{ role: 'user', content: p.prompt }] },
      classification: undefined,
      session: undefined,
      isAlias: () => false,
    }) as Extract<PolicyDecision, { verdict: 'decide' }>;
    const chosen = (d.models as readonly string[])[0] as string;
    score += p.scores[chosen] as number;
    cost += p.costs?.[chosen] as number;
  }
  return { quality: score / rows.length, cost };
}

describe('calibrateLambda', () => {
  it('finds the cheapest λ that keeps a quality target, and the policy reproduces it', () => {
    const c = calibrateLambda({ model, candidates, prices, prompts }, { quality: 1, mix: false });
    expect(c.met).toBe(true);
    expect(c.reference).toBe(STRONG);
    expect(c.quality).toBe(1);
    // Hard prompts on the strong model, easy ones on the cheap one.
    expect(c.costShare).toBeCloseTo((3 * 0.01 + 3 * 0.001) / (6 * 0.01), 12);
    const routed = routeAll(c.lambda);
    expect(routed.quality).toBe(1);
    expect(routed.cost).toBeCloseTo(c.meanCostUsd * prompts.length, 12);
  });

  it('finds the best-quality λ within a cost target', () => {
    const c = calibrateLambda(
      { model, candidates, prices, prompts },
      { costShare: 0.1, mix: false },
    );
    expect(c.met).toBe(true);
    expect(c.costShare).toBeCloseTo(0.1, 12); // everything on the cheap model
    expect(c.quality).toBe(0.5);
    expect(routeAll(c.lambda).quality).toBe(0.5);
  });

  it('is exact: no λ on a fine grid meets the target more cheaply', () => {
    const c = calibrateLambda({ model, candidates, prices, prompts }, { quality: 0.8, mix: false });
    const strongCost = 6 * 0.01;
    for (let lambda = 0; lambda <= 2000; lambda += 1) {
      const r = routeAll(lambda);
      if (r.quality >= 0.8) expect(r.cost / strongCost).toBeGreaterThanOrEqual(c.costShare - 1e-12);
    }
    // Its curve agrees with the policy at every interval's λ.
    for (const point of c.curve.slice(1)) {
      const r = routeAll(point.lambda * 1.000001);
      expect(r.cost / strongCost).toBeCloseTo(point.costShare, 9);
    }
  });

  it('pools cross-validation folds: two sets give what one set of all prompts gives', () => {
    const one = calibrateLambda({ model, candidates, prices, prompts }, { quality: 0.9 });
    const two = calibrateLambda(
      [
        { model, candidates, prices, prompts: prompts.slice(0, 2) },
        { model, candidates, prices, prompts: prompts.slice(2) },
      ],
      { quality: 0.9 },
    );
    // Equal up to the order of floating-point sums.
    const round = (x: unknown) =>
      JSON.parse(
        JSON.stringify(x, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v)),
      );
    expect(round(two)).toEqual(round(one));
  });

  it('mixes two λs when no single λ meets the target as cheaply, and the policy follows the mix', () => {
    const c = calibrateLambda({ model, candidates, prices, prompts }, { quality: 0.75 });
    const single = calibrateLambda(
      { model, candidates, prices, prompts },
      { quality: 0.75, mix: false },
    );
    expect(c.alternate).toBeDefined();
    expect(c.quality).toBeCloseTo(0.75, 12);
    expect(c.costShare).toBeLessThan(single.costShare);
    const { lambda: l2, share } = c.alternate as { lambda: number; share: number };
    // Routing many rounds of the prompts with the mix gives the expected quality and cost.
    const policy = learnedCostPolicy({
      model,
      candidates,
      lambda: c.lambda,
      prices,
      alternate: c.alternate,
    });
    let score = 0;
    let cost = 0;
    let rounds = 0;
    for (; rounds < 200; rounds++)
      for (const p of prompts) {
        const d = policy.decide({
          request: { messages: [{ role: 'user', content: p.prompt }] },
          classification: undefined,
          session: undefined,
          isAlias: () => false,
        }) as Extract<PolicyDecision, { verdict: 'decide' }>;
        const chosen = (d.models as readonly string[])[0] as string;
        score += p.scores[chosen] as number;
        cost += p.costs?.[chosen] as number;
        if (d.learned?.lambda !== c.lambda) expect(d.learned?.lambda).toBe(l2);
      }
    const a = routeAll(c.lambda);
    const b = routeAll(l2);
    expect(score / (rounds * prompts.length)).toBeCloseTo(
      a.quality + share * (b.quality - a.quality),
      2,
    );
    expect(cost / rounds).toBeCloseTo(a.cost + share * (b.cost - a.cost), 4);
  });

  it('with eachSet, meets the target on every set, not only pooled', () => {
    const sets = [
      { model, candidates, prices, prompts: [...prompts.slice(0, 1), ...prompts.slice(3)] },
      { model, candidates, prices, prompts: prompts.slice(1, 3) },
    ];
    const pooled = calibrateLambda(sets, { quality: 0.8, mix: false });
    const each = calibrateLambda(sets, { quality: 0.8, mix: false, eachSet: true });
    for (const set of sets) {
      const strong = set.prompts.length;
      expect(
        routeAll(each.lambda, set.prompts).quality * set.prompts.length,
      ).toBeGreaterThanOrEqual(0.8 * strong - 1e-9);
    }
    expect(routeAll(pooled.lambda, sets[1]?.prompts).quality).toBeLessThan(0.8);
    expect(each.costShare).toBeGreaterThan(pooled.costShare);
  });

  it('says when a target cannot be met and returns the closest λ', () => {
    const c = calibrateLambda({ model, candidates, prices, prompts }, { costShare: 0.01 });
    expect(c.met).toBe(false);
    expect(c.costShare).toBeCloseTo(0.1, 12);
  });

  it('refuses a target outside 0–1, an unknown reference and prompts without scores', () => {
    const set = { model, candidates, prices, prompts };
    expect(() => calibrateLambda(set, { quality: 1.5 })).toThrow(ConfigError);
    expect(() => calibrateLambda(set, { quality: 0.9, reference: 'x:y' })).toThrow(
      /not a candidate/,
    );
    expect(() =>
      calibrateLambda(
        { ...set, prompts: [{ prompt: 'hi', scores: { [CHEAP]: 1 } }] },
        { quality: 0.9 },
      ),
    ).toThrow(/no score for mock:large/);
    expect(() => calibrateLambda({ ...set, prompts: [] }, { quality: 0.9 })).toThrow(
      /at least one prompt/,
    );
  });
});
