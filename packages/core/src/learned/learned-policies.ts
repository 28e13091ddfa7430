import { lastUserText } from '../classify/classifier-runner.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import type { PolicyContext, PolicyDecision, RoutingPolicy } from '../policy/routing-policy.js';
import {
  CandidateScorer,
  type CostEstimateOptions,
  CostEstimator,
  type LearnedRoute,
} from './cost-estimator.js';
import type { LearnedCandidate, LearnedDecision } from './learned-decision.js';
import type { LearnedModel } from './learned-model.js';
import { checkRoutes } from './tier-threshold.js';

/** Options of {@link learnedTierPolicy}. */
export interface LearnedTierPolicyOptions extends CostEstimateOptions {
  readonly model: LearnedModel;
  readonly cheap: LearnedRoute;
  readonly strong: LearnedRoute;
  /**
   * The strong route is chosen when the predicted gain, P(strong answers well) − P(cheap answers
   * well), is above this. Choose it with `tierThreshold` from a target strong share or quality.
   */
  readonly threshold: number;
  /** The policy's name in the trace. Defaults to `"learned"`. */
  readonly name?: string | undefined;
}

/** Options of {@link learnedCostPolicy}. */
export interface LearnedCostPolicyOptions extends CostEstimateOptions {
  readonly model: LearnedModel;
  /** The routes to choose among. */
  readonly candidates: readonly LearnedRoute[];
  /**
   * Quality given up per US dollar: the policy maximises P(answers well) − lambda × estimated
   * cost in dollars. 0 picks the best predicted model whatever it costs. Choose it with
   * `calibrateLambda` from a cost or quality target on held-out outcomes.
   */
  readonly lambda: number;
  /**
   * Routes `share` (0–1) of requests with a second λ instead, spread evenly over requests (a
   * golden-ratio sequence, not a coin: over any run of requests the share holds closely).
   * `calibrateLambda` returns one when a mix of two operating points meets a target that no
   * single λ meets as cheaply. Defaults to none.
   */
  readonly alternate?: { readonly lambda: number; readonly share: number } | undefined;
  /**
   * Where each candidate's cost comes from: `auto` uses the learned model's cost prediction for
   * models whose outcomes had costs (see `trainRouter`'s `costs`) and the price-table estimate for
   * the others; `prices` always uses the price table. Defaults to `auto`.
   */
  readonly costSource?: 'auto' | 'prices' | undefined;
  /** The policy's name in the trace. Defaults to `"learned"`. */
  readonly name?: string | undefined;
}

const fmtP = (p: number) => p.toFixed(2);
const fmtUsd = (c: number) => (Number.isNaN(c) ? 'no price' : `$${c.toPrecision(2)}`);
const usd = (c: number) => (Number.isNaN(c) ? undefined : c);

/**
 * A two-tier learned policy: predicts, from the request text, how likely the cheap and the strong
 * model are to answer well, and decides the strong route when the gain is above `threshold`,
 * else the cheap one (the other route follows as fallback). The trace step names both
 * predictions, the gain, the threshold and each route's estimated cost, in its note and as data
 * (`RouteStep.learned`). About 5 µs of CPU per 1 KB prompt on the build machines, prediction
 * and trace together.
 *
 * @throws ConfigError when the learned model has no prediction for a route's model, or the
 *   threshold is not a number.
 */
export function learnedTierPolicy(options: LearnedTierPolicyOptions): RoutingPolicy {
  const { model, cheap, strong, threshold } = options;
  const issues: ConfigIssue[] = [];
  checkRoutes(model, [cheap, strong], issues);
  if (typeof threshold !== 'number' || Number.isNaN(threshold))
    issues.push({ path: 'threshold', message: 'must be a number' });
  if (issues.length > 0) throw new ConfigError('learned tier policy', issues);
  const ci = model.indexOf(cheap.model);
  const si = model.indexOf(strong.model);
  const scores = new Float64Array(model.models.length);
  const costs = new Float64Array(2);
  const estimator = new CostEstimator([cheap.model, strong.model], options);
  const thresholdText = threshold.toFixed(3);
  const toStrong = [strong.route, cheap.route] as const;
  const toCheap = [cheap.route, strong.route] as const;
  const candidate = (r: LearnedRoute, p: number, c: number): LearnedCandidate => ({
    route: r.route,
    model: r.model,
    predictedScore: p,
    estimatedCostUsd: usd(c),
    costSource: Number.isNaN(c) ? 'none' : 'prices',
  });
  return {
    name: options.name ?? 'learned',
    decide(context: PolicyContext): PolicyDecision {
      const text = lastUserText(context.request.messages);
      model.predictInto(text, scores);
      const pc = scores[ci] as number;
      const ps = scores[si] as number;
      const gain = ps - pc;
      estimator.estimate(context.request, costs);
      const useStrong = gain > threshold;
      const c = candidate(cheap, pc, costs[0] as number);
      const s = candidate(strong, ps, costs[1] as number);
      const learned: LearnedDecision = {
        kind: 'tier',
        chosen: useStrong ? strong.route : cheap.route,
        reason: useStrong ? 'gain-above-threshold' : 'gain-at-or-below-threshold',
        candidates: useStrong ? [s, c] : [c, s],
        gain,
        threshold,
      };
      return {
        verdict: 'decide',
        models: useStrong ? toStrong : toCheap,
        note: `predicted ${strong.model} ${fmtP(ps)}, ${cheap.model} ${fmtP(pc)}: gain ${gain.toFixed(3)} ${useStrong ? '>' : '≤'} threshold ${thresholdText} → ${learned.chosen}; est. cost ${strong.model} ${fmtUsd(costs[1] as number)}, ${cheap.model} ${fmtUsd(costs[0] as number)}`,
        learned,
      };
    },
  };
}

/**
 * A many-model learned policy: decides the candidate that maximises predicted quality − lambda ×
 * estimated cost (dollars: the learned model's cost prediction where it has one, else the price
 * table and the request's token estimate), the others following in the same order as
 * fallbacks. A candidate without a price counts as free. The trace step lists each candidate's
 * prediction and estimated cost, in its note and as data (`RouteStep.learned`).
 *
 * @throws ConfigError when the learned model lacks a candidate's model, there is no candidate,
 *   or `lambda` is negative or not a number.
 */
export function learnedCostPolicy(options: LearnedCostPolicyOptions): RoutingPolicy {
  const { model, candidates, lambda } = options;
  const issues: ConfigIssue[] = [];
  if (candidates.length === 0) issues.push({ path: 'candidates', message: 'needs at least one' });
  checkRoutes(model, candidates, issues);
  if (typeof lambda !== 'number' || !(lambda >= 0))
    issues.push({ path: 'lambda', message: 'must be a number ≥ 0' });
  const alternate = options.alternate;
  if (
    alternate !== undefined &&
    !(alternate.lambda >= 0 && alternate.share >= 0 && alternate.share <= 1)
  )
    issues.push({ path: 'alternate', message: 'needs a lambda ≥ 0 and a share from 0 to 1' });
  if (issues.length > 0) throw new ConfigError('learned cost policy', issues);
  const scorer = new CandidateScorer(model, candidates, options);
  const { scores, costs } = scorer;
  const utility = new Float64Array(candidates.length);
  const positions = candidates.map((_, i) => i);
  let turn = 0;
  return {
    name: options.name ?? 'learned',
    decide(context: PolicyContext): PolicyDecision {
      scorer.score(lastUserText(context.request.messages), context.request);
      let l = lambda;
      if (alternate !== undefined) {
        turn = (turn + 0.6180339887498949) % 1;
        if (turn < alternate.share) l = alternate.lambda;
      }
      for (let i = 0; i < candidates.length; i++) {
        const c = costs[i] as number;
        utility[i] = (scores[i] as number) - l * (Number.isNaN(c) ? 0 : c);
      }
      const order = positions
        .slice()
        .sort((a, b) => (utility[b] as number) - (utility[a] as number));
      const ranked = order.map((i): LearnedCandidate => {
        const r = candidates[i] as LearnedRoute;
        const c = costs[i] as number;
        return {
          route: r.route,
          model: r.model,
          predictedScore: scores[i] as number,
          estimatedCostUsd: usd(c),
          costSource: Number.isNaN(c) ? 'none' : scorer.learnedCost[i] ? 'learned' : 'prices',
          utility: utility[i] as number,
        };
      });
      const best = ranked[0] as LearnedCandidate;
      return {
        verdict: 'decide',
        models: ranked.map((c) => c.route),
        note: `max predicted quality − ${l} × cost → ${best.route}; predicted, est. cost: ${ranked
          .map(
            (c) =>
              `${c.model} ${fmtP(c.predictedScore)} ${fmtUsd(c.estimatedCostUsd ?? Number.NaN)}`,
          )
          .join(', ')}`,
        learned: {
          kind: 'cost',
          chosen: best.route,
          reason: 'best-utility',
          candidates: ranked,
          lambda: l,
        },
      };
    },
  };
}
