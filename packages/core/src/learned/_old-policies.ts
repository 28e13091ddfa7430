import { lastUserText } from '../classify/classifier-runner.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { requirementsOf } from '../policy/fit-candidates.js';
import type { PolicyContext, PolicyDecision, RoutingPolicy } from '../policy/routing-policy.js';
import type { ChatRequest } from '../provider/chat-request.js';
import { createPriceTable, type ModelPrice, type PriceTable } from '../usage/price-table.js';
import type { LearnedModel } from './learned-model.js';

/** A route the learned policy may choose, and the name the learned model predicts it under. */
export interface LearnedRoute {
  /** What the policy decides: an alias (`"strong"`) or a `provider:model`. */
  readonly route: string;
  /** The model's name in the learned model (the `model` of its outcomes, usually `provider:model`). */
  readonly model: string;
}

/** How the learned policies estimate a candidate's cost. */
export interface CostEstimateOptions {
  /** Prices by `provider:model`, over the built-in table (or a price table). Defaults to the built-in prices. */
  readonly prices?: PriceTable | Readonly<Record<string, ModelPrice>> | undefined;
  /**
   * Expected output tokens per request, in all or per model; a request's `maxTokens` caps it.
   * Defaults to 300.
   */
  readonly outputTokens?: number | Readonly<Record<string, number>> | undefined;
}

/** Options of {@link learnedTierPolicy}. */
export interface LearnedTierPolicyOptions extends CostEstimateOptions {
  readonly model: LearnedModel;
  readonly cheap: LearnedRoute;
  readonly strong: LearnedRoute;
  /**
   * The strong route is chosen when the predicted gain, P(strong answers well) − P(cheap answers
   * well), is above this. Choose it with {@link tierThreshold} from a target strong share or
   * quality.
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
   * {@link chooseLambda} from a cost or quality target.
   */
  readonly lambda: number;
  /**
   * Where each candidate's cost comes from: `auto` uses the learned model's cost prediction for
   * models whose outcomes had costs (see `trainRouter`'s `costs`) and the price-table estimate for
   * the others; `prices` always uses the price table. Defaults to `auto`.
   */
  readonly costSource?: 'auto' | 'prices' | undefined;
  /** The policy's name in the trace. Defaults to `"learned"`. */
  readonly name?: string | undefined;
}

const DEFAULT_OUTPUT_TOKENS = 300;

/** Estimated dollars per request for each route, from the price table and the request's size. */
class CostEstimator {
  private readonly prices: PriceTable;
  private readonly output: readonly number[];
  private readonly price: readonly (ModelPrice | undefined)[];
  constructor(models: readonly string[], options: CostEstimateOptions) {
    const p = options.prices;
    this.prices =
      p === undefined
        ? createPriceTable()
        : typeof (p as PriceTable).price === 'function'
          ? (p as PriceTable)
          : createPriceTable({ prices: p as Readonly<Record<string, ModelPrice>> });
    const out = options.outputTokens;
    this.output = models.map((m) =>
      typeof out === 'number' ? out : (out?.[m] ?? DEFAULT_OUTPUT_TOKENS),
    );
    this.price = models.map((m) => {
      const colon = m.indexOf(':');
      return colon < 0 ? undefined : this.prices.price(m.slice(0, colon), m.slice(colon + 1));
    });
  }
  /** Dollars per route; `NaN` where the model has no price. */
  estimate(request: ChatRequest, out: Float64Array): Float64Array {
    const input = requirementsOf(request, false).promptTokens;
    for (let i = 0; i < this.price.length; i++) {
      const price = this.price[i];
      const output = Math.min(this.output[i] as number, request.maxTokens ?? Infinity);
      out[i] =
        price === undefined
          ? Number.NaN
          : (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
    }
    return out;
  }
}

function checkRoutes(model: LearnedModel, routes: readonly LearnedRoute[], issues: ConfigIssue[]) {
  routes.forEach((r, i) => {
    if (!model.has(r.model))
      issues.push({
        path: `candidates[${i}].model`,
        message: `the learned model has no prediction for "${r.model}" (it has ${model.models.join(', ')})`,
      });
  });
}

const fmtP = (p: number) => p.toFixed(2);
const fmtUsd = (c: number) => (Number.isNaN(c) ? 'no price' : `$${c.toPrecision(2)}`);

/**
 * A two-tier learned policy: predicts, from the request text, how likely the cheap and the strong
 * model are to answer well, and decides the strong route when the gain is above `threshold`,
 * else the cheap one (the other route follows as fallback). The trace step names both
 * predictions, the gain, the threshold and each route's estimated cost. About 5–10 µs per 1 KB
 * prompt.
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
  const toStrong = [strong.route, cheap.route] as const;
  const toCheap = [cheap.route, strong.route] as const;
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
      return {
        verdict: 'decide',
        models: useStrong ? toStrong : toCheap,
        note: `predicted ${strong.model} ${fmtP(ps)}, ${cheap.model} ${fmtP(pc)}: gain ${gain.toFixed(3)} ${useStrong ? '>' : '≤'} threshold ${threshold.toFixed(3)} → ${useStrong ? strong.route : cheap.route}; est. cost ${strong.model} ${fmtUsd(costs[1] as number)}, ${cheap.model} ${fmtUsd(costs[0] as number)}`,
      };
    },
  };
}

/**
 * A many-model learned policy: decides the candidate that maximises predicted quality − lambda ×
 * estimated cost (dollars: the learned model's cost prediction where it has one, else the price
 * table and the request's token estimate), the others
 * following in the same order as fallbacks. A candidate without a price counts as free. The
 * trace step lists each candidate's prediction and estimated cost.
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
  if (issues.length > 0) throw new ConfigError('learned cost policy', issues);
  const index = candidates.map((c) => model.indexOf(c.model));
  const scores = new Float64Array(model.models.length);
  const costs = new Float64Array(candidates.length);
  const predicted =
    options.costSource === 'prices'
      ? undefined
      : candidates.map((c) => model.predictsCost(c.model));
  const predictedCosts =
    predicted?.some((p) => p) === true ? new Float64Array(model.models.length) : undefined;
  const utility = new Float64Array(candidates.length);
  const estimator = new CostEstimator(
    candidates.map((c) => c.model),
    options,
  );
  return {
    name: options.name ?? 'learned',
    decide(context: PolicyContext): PolicyDecision {
      model.predictInto(lastUserText(context.request.messages), scores, predictedCosts);
      estimator.estimate(context.request, costs);
      if (predictedCosts !== undefined)
        for (let i = 0; i < candidates.length; i++)
          if (predicted?.[i]) costs[i] = predictedCosts[index[i] as number] as number;
      for (let i = 0; i < candidates.length; i++) {
        const c = costs[i] as number;
        utility[i] = (scores[index[i] as number] as number) - lambda * (Number.isNaN(c) ? 0 : c);
      }
      const order = candidates
        .map((_, i) => i)
        .sort((a, b) => (utility[b] as number) - (utility[a] as number));
      const parts = order.map((i) => {
        const c = candidates[i] as LearnedRoute;
        return `${c.model} ${fmtP(scores[index[i] as number] as number)} ${fmtUsd(costs[i] as number)}`;
      });
      const best = candidates[order[0] as number] as LearnedRoute;
      return {
        verdict: 'decide',
        models: order.map((i) => (candidates[i] as LearnedRoute).route),
        note: `max predicted quality − ${lambda} × cost → ${best.route}; predicted, est. cost: ${parts.join(', ')}`,
      };
    },
  };
}

/** One scored prompt for choosing a threshold or lambda: the text and each model's real score. */
export interface ScoredPrompt {
  readonly prompt: string;
  /** Scores 0–1 by model name (needed for quality targets; omit for a share target). */
  readonly scores?: Readonly<Record<string, number>> | undefined;
}

/** What {@link tierThreshold} aims for. */
export type TierTarget =
  /** This fraction (0–1) of the prompts goes to the strong route. */
  | { readonly strongShare: number }
  /** The fewest strong calls that keep mean quality at this fraction (0–1) of all-strong. */
  | { readonly quality: number };

/**
 * The gain threshold for {@link learnedTierPolicy} that meets `target` on `prompts` (recent
 * traffic for a share target; outcomes not used in training, scored for both models, for a
 * quality target).
 *
 * @throws ConfigError when a target is outside 0–1, no prompt is given, or a quality target's
 *   prompts lack a score for either model.
 */
export function tierThreshold(
  model: LearnedModel,
  routes: { readonly cheap: string; readonly strong: string },
  prompts: readonly ScoredPrompt[],
  target: TierTarget,
): number {
  const issues: ConfigIssue[] = [];
  checkRoutes(
    model,
    [
      { route: '', model: routes.cheap },
      { route: '', model: routes.strong },
    ],
    issues,
  );
  const wanted = 'strongShare' in target ? target.strongShare : target.quality;
  if (!(wanted >= 0 && wanted <= 1))
    issues.push({ path: 'target', message: `must be from 0 to 1, got ${wanted}` });
  if (prompts.length === 0) issues.push({ path: 'prompts', message: 'needs at least one prompt' });
  if (
    'quality' in target &&
    prompts.some(
      (p) => p.scores?.[routes.cheap] === undefined || p.scores?.[routes.strong] === undefined,
    )
  )
    issues.push({
      path: 'prompts',
      message: `a quality target needs every prompt scored for ${routes.cheap} and ${routes.strong}`,
    });
  if (issues.length > 0) throw new ConfigError('tier threshold', issues);
  const ci = model.indexOf(routes.cheap);
  const si = model.indexOf(routes.strong);
  const scores = new Float64Array(model.models.length);
  const ranked = prompts
    .map((p) => {
      model.predictInto(p.prompt, scores);
      return { gain: (scores[si] as number) - (scores[ci] as number), p };
    })
    .sort((a, b) => b.gain - a.gain);
  const gainAt = (k: number) =>
    k <= 0 ? Infinity : k >= ranked.length ? -Infinity : (ranked[k] as { gain: number }).gain;
  // Strong for the k highest gains: the threshold is the (k+1)-th gain (strong when gain > it).
  if ('strongShare' in target) return gainAt(Math.round(target.strongShare * ranked.length));
  let strongTotal = 0;
  let quality = 0;
  for (const r of ranked) {
    strongTotal += r.p.scores?.[routes.strong] as number;
    quality += r.p.scores?.[routes.cheap] as number;
  }
  const goal = target.quality * strongTotal;
  for (let k = 0; k <= ranked.length; k++) {
    if (quality >= goal - 1e-9) return gainAt(k);
    const s = (ranked[k] as (typeof ranked)[number]).p.scores as Record<string, number>;
    quality += (s[routes.strong] as number) - (s[routes.cheap] as number);
  }
  return -Infinity;
}
