import { ConfigError } from '../errors/config-error.js';
import type { CostScoredPrompt } from './calibrate-lambda.js';
import { LearnedModel } from './learned-model.js';
import {
  type LearnedModelEntry,
  type LearnedWeights,
  quantizeWeights,
} from './learned-model-data.js';
import { seededRandom } from './logistic-regression.js';
import type { Outcome } from './outcome.js';
import { type TrainRouterOptions, trainRouter } from './train-router.js';

/** Options of {@link crossFitRouter}: `trainRouter`'s, and the number of folds. */
export interface CrossFitOptions extends TrainRouterOptions {
  /** Folds (2–20): each fold's model trains on the others' prompts. Defaults to 5. */
  readonly folds?: number | undefined;
}

/** One fold of {@link crossFitRouter}: its model and the outcomes it did not train on. */
export interface CrossFitFold {
  readonly model: LearnedModel;
  /** Every outcome of this fold's prompts (a prompt's outcomes stay in one fold). */
  readonly heldOut: readonly Outcome[];
}

/** What {@link crossFitRouter} returns. */
export interface CrossFit {
  /**
   * The model to deploy: the fold models' weights averaged (its scores are the fold models' mean
   * log-odds). It behaves like the fold models that `calibrateLambda` saw, so a λ chosen on the
   * folds holds for it, where a model trained on all outcomes can put its cliffs elsewhere.
   */
  readonly model: LearnedModel;
  readonly folds: readonly CrossFitFold[];
}

/**
 * Cross-fitting: splits the outcomes by prompt into `folds` seeded folds, trains one model per
 * fold on the other folds (with `trainRouter`), and averages them into the model to deploy. Use the
 * folds to choose λ or a threshold on outcomes each model did not see (`calibrateLambda` takes
 * one set per fold; {@link scoredPrompts} builds a fold's prompts). Deterministic for a `seed`;
 * costs `folds` trainings.
 *
 * @throws ConfigError for `folds` outside 2–20, fewer distinct prompts than folds, or whatever
 *   `trainRouter` refuses (features-only outcomes are grouped by their own record).
 */
export function crossFitRouter(
  outcomes: readonly Outcome[],
  options: CrossFitOptions = {},
): CrossFit {
  const k = options.folds ?? 5;
  const keyOf = (o: Outcome, i: number) => o.prompt ?? `#features:${i}`;
  const prompts = [...new Set(outcomes.map(keyOf))];
  if (!Number.isInteger(k) || k < 2 || k > 20 || prompts.length < k)
    throw new ConfigError('cross-fitting', [
      {
        path: 'options.folds',
        message: `must be an integer from 2 to 20 and at most the number of distinct prompts (${prompts.length}), got ${k}`,
      },
    ]);
  const random = seededRandom(((options.seed ?? 1) * 7919) >>> 0);
  for (let i = prompts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [prompts[i], prompts[j]] = [prompts[j] as string, prompts[i] as string];
  }
  const foldOf = new Map(prompts.map((p, i) => [p, i % k]));
  const models = options.models ?? [...new Set(outcomes.map((o) => o.model))].sort();
  const folds: CrossFitFold[] = Array.from({ length: k }, (_, f) => {
    const inFold = (o: Outcome, i: number) => foldOf.get(keyOf(o, i)) === f;
    return {
      model: trainRouter(
        outcomes.filter((o, i) => !inFold(o, i)),
        { ...options, models, seed: (options.seed ?? 1) + f },
      ),
      heldOut: outcomes.filter(inFold),
    };
  });
  return { model: averageModels(folds.map((f) => f.model)), folds };
}

function average(blocks: readonly LearnedWeights[], int16: boolean): LearnedWeights {
  const weights = new Float32Array((blocks[0] as LearnedWeights).weights.length);
  for (let i = 0; i < weights.length; i++) {
    let sum = 0;
    for (const b of blocks) sum += b.weights[i] as number;
    weights[i] = sum / blocks.length;
  }
  const bias = blocks.reduce((a, b) => a + b.bias, 0) / blocks.length;
  if (!int16) return { weights, bias };
  const q = quantizeWeights(weights);
  return { weights: q.weights, bias, scale: q.scale };
}

/** The models' weights averaged (same models, features and precision). */
function averageModels(models: readonly LearnedModel[]): LearnedModel {
  const first = models[0] as LearnedModel;
  const int16 = first.info.precision === 'int16';
  const entries: LearnedModelEntry[] = first.entryList.map((e, m) => {
    const all = models.map((x) => x.entryList[m] as LearnedModelEntry);
    const costs = all.map((x) => x.cost);
    const cost = costs.every((c) => c !== undefined)
      ? { ...average(costs as LearnedWeights[], int16), outcomes: e.cost?.outcomes ?? 0 }
      : undefined;
    return {
      name: e.name,
      outcomes: Math.round(all.reduce((a, x) => a + x.outcomes, 0) / all.length),
      ...average(all, int16),
      cost,
    };
  });
  const { outcomes: _, ...info } = first.info;
  return new LearnedModel(entries, info);
}

/**
 * Groups outcomes by prompt into prompts scored for every one of `models` (for
 * `calibrateLambda`), with each model's `costUsd` when known. Prompts missing a model's score
 * are left out; when a model has several outcomes for a prompt, the newest counts.
 */
export function scoredPrompts(
  outcomes: readonly Outcome[],
  models: readonly string[],
): CostScoredPrompt[] {
  const byPrompt = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    if (o.prompt === undefined) continue;
    const list = byPrompt.get(o.prompt) ?? [];
    list.push(o);
    byPrompt.set(o.prompt, list);
  }
  const result: CostScoredPrompt[] = [];
  for (const [prompt, list] of byPrompt) {
    const scores: Record<string, number> = {};
    const costs: Record<string, number> = {};
    const time: Record<string, number> = {};
    for (const o of list) {
      if ((time[o.model] ?? -Infinity) > o.time) continue;
      time[o.model] = o.time;
      scores[o.model] = o.score;
      if (o.costUsd !== undefined) costs[o.model] = o.costUsd;
    }
    if (models.every((m) => scores[m] !== undefined)) result.push({ prompt, scores, costs });
  }
  return result;
}
