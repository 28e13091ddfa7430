import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { LearnedModel } from './learned-model.js';
import {
  type LearnedModelEntry,
  quantizeWeights,
  type WeightPrecision,
} from './learned-model-data.js';
import { type TrainingExample, trainLinear, trainLogistic } from './logistic-regression.js';
import type { Outcome } from './outcome.js';
import {
  createSparseFeatures,
  extractFeatures,
  FEATURE_VERSION,
  STRUCTURAL_FEATURES,
} from './text-features.js';

/** Options of {@link trainRouter}. */
export interface TrainRouterOptions {
  /** The models to train, in this order. Defaults to every model in the outcomes, sorted by name. */
  readonly models?: readonly string[] | undefined;
  /** Hash space of the text features: `2^bits` buckets (8–24). Defaults to 16. */
  readonly bits?: number | undefined;
  /** Longest text read per prompt, in characters. Defaults to 4 096. */
  readonly scanChars?: number | undefined;
  /** Passes over the outcomes. Defaults to 4. */
  readonly epochs?: number | undefined;
  /** AdaGrad step size. Defaults to 0.02. */
  readonly learningRate?: number | undefined;
  /** L2 penalty. Defaults to 1e-5. */
  readonly l2?: number | undefined;
  /** Seed of the training order: the same outcomes and seed give the same model. Defaults to 1. */
  readonly seed?: number | undefined;
  /** Weight storage: `int16` (half the size; see docs/learned-routing.md) or `float32`. Defaults to `int16`. */
  readonly precision?: WeightPrecision | undefined;
  /**
   * Whether to fit, per model, a regression of the answer's cost (log dollars) from the text,
   * used by `learnedCostPolicy` instead of the price-table estimate. Fitted for a model when at
   * least half its outcomes carry a positive `costUsd`. Defaults to `true`.
   */
  readonly costs?: boolean | undefined;
  /** Recorded as the training time. Defaults to now. */
  readonly trainedAt?: Date | undefined;
}

/**
 * Trains a learned router from outcomes: one logistic regression per model, predicting from the
 * request text the probability that the model answers well. Plain TypeScript, in process:
 * seconds for tens of thousands of outcomes. Deterministic for a given `seed`.
 *
 * @throws ConfigError listing bad outcomes (no prompt or features, a score outside 0–1, features
 *   from another extractor) or bad options, and when a requested model has no outcome.
 */
export function trainRouter(
  outcomes: readonly Outcome[],
  options: TrainRouterOptions = {},
): LearnedModel {
  const bits = options.bits ?? 16;
  const scanChars = options.scanChars ?? 4_096;
  const precision = options.precision ?? 'int16';
  const issues: ConfigIssue[] = [];
  if (!Number.isInteger(bits) || bits < 8 || bits > 24)
    issues.push({ path: 'options.bits', message: `must be an integer from 8 to 24, got ${bits}` });
  if (!(scanChars >= 64))
    issues.push({ path: 'options.scanChars', message: `must be at least 64, got ${scanChars}` });
  if (precision !== 'int16' && precision !== 'float32')
    issues.push({ path: 'options.precision', message: `must be "int16" or "float32"` });
  outcomes.forEach((o, i) => {
    if (issues.length >= 20) return;
    if (typeof o.model !== 'string' || o.model === '')
      issues.push({ path: `outcomes[${i}].model`, message: 'must be a non-empty string' });
    if (typeof o.score !== 'number' || !(o.score >= 0 && o.score <= 1))
      issues.push({
        path: `outcomes[${i}].score`,
        message: `must be a number from 0 to 1, got ${String(o.score)}`,
      });
    if (o.prompt === undefined && o.features === undefined)
      issues.push({ path: `outcomes[${i}]`, message: 'needs a prompt or its features' });
    else if (
      o.prompt === undefined &&
      o.features !== undefined &&
      (o.features.bits !== bits || o.features.featureVersion !== FEATURE_VERSION)
    )
      issues.push({
        path: `outcomes[${i}].features`,
        message: `computed with ${o.features.bits} bits by extractor version ${o.features.featureVersion}; training uses ${bits} bits and version ${FEATURE_VERSION}`,
      });
  });
  const seen = [...new Set(outcomes.map((o) => o.model))].sort();
  const models = options.models ?? seen;
  for (const m of models)
    if (!seen.includes(m)) issues.push({ path: 'options.models', message: `no outcome for ${m}` });
  if (models.length === 0) issues.push({ path: 'outcomes', message: 'no outcomes to train on' });
  if (issues.length > 0) throw new ConfigError('learned router training', issues);

  const dimension = (1 << bits) + STRUCTURAL_FEATURES;
  const scratch = createSparseFeatures();
  // A prompt scored for several models is read once.
  const byPrompt = new Map<string, { indices: Int32Array; values: Float32Array }>();
  const featuresOf = (o: Outcome) => {
    if (o.prompt === undefined) {
      const f = o.features as NonNullable<Outcome['features']>;
      return { indices: Int32Array.from(f.indices), values: Float32Array.from(f.values) };
    }
    let f = byPrompt.get(o.prompt);
    if (f === undefined) {
      const x = extractFeatures(o.prompt, bits, scanChars, scratch);
      f = { indices: x.indices.slice(0, x.length), values: x.values.slice(0, x.length) };
      byPrompt.set(o.prompt, f);
    }
    return f;
  };

  const entries: LearnedModelEntry[] = models.map((name, m) => {
    const examples: TrainingExample[] = [];
    const costExamples: TrainingExample[] = [];
    for (const o of outcomes) {
      if (o.model !== name) continue;
      const f = featuresOf(o);
      examples.push({ indices: f.indices, values: f.values, target: o.score });
      if (o.costUsd !== undefined && o.costUsd > 0)
        costExamples.push({ indices: f.indices, values: f.values, target: Math.log(o.costUsd) });
    }
    // Each model gets its own shuffle, all derived from the one seed.
    const seed = ((options.seed ?? 1) * 31 + m) >>> 0;
    const settings = {
      epochs: options.epochs,
      learningRate: options.learningRate,
      l2: options.l2,
      seed,
    };
    const fitted = finish(trainLogistic(examples, dimension, settings), precision);
    const cost =
      options.costs !== false && costExamples.length * 2 >= examples.length
        ? {
            ...finish(trainLinear(costExamples, dimension, settings), precision),
            outcomes: costExamples.length,
          }
        : undefined;
    return { name, outcomes: examples.length, ...fitted, cost };
  });
  return new LearnedModel(entries, {
    bits,
    scanChars,
    precision,
    trainedAt: (options.trainedAt ?? new Date()).toISOString(),
  });
}

function finish(
  fitted: { weights: Float32Array; bias: number },
  precision: WeightPrecision,
): { weights: Float32Array; bias: number; scale?: number } {
  if (precision === 'float32') return fitted;
  const q = quantizeWeights(fitted.weights);
  return { bias: fitted.bias, weights: q.weights, scale: q.scale };
}

/**
 * The features of `text` as an {@link Outcome} can carry them (for hosts that keep features,
 * not prompts). `bits` must match the training's. Defaults: 16 bits, 4 096 characters.
 */
export function outcomeFeatures(text: string, bits = 16, scanChars = 4_096) {
  const x = extractFeatures(text, bits, scanChars, createSparseFeatures());
  return {
    featureVersion: FEATURE_VERSION,
    bits,
    indices: Array.from(x.indices.subarray(0, x.length)),
    values: Array.from(x.values.subarray(0, x.length)),
  };
}
