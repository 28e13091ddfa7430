import type { SparseFeatures } from './text-features.js';

/** One training example: sparse features and a target in [0, 1] (a score, not only 0/1). */
export interface TrainingExample {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly target: number;
}

/** Options of {@link trainLogistic}. */
export interface LogisticOptions {
  /** Passes over the data. Defaults to 4. */
  readonly epochs?: number | undefined;
  /** AdaGrad step size. Defaults to 0.02. */
  readonly learningRate?: number | undefined;
  /** L2 penalty per example on the weights an example touches. Defaults to 1e-5. */
  readonly l2?: number | undefined;
  /** Seed of the shuffle; the same seed and data give the same weights. Defaults to 1. */
  readonly seed?: number | undefined;
}

/** A trained logistic regression: `sigmoid(bias + w · x)`. */
export interface LogisticModel {
  readonly weights: Float32Array;
  readonly bias: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `1 / (1 + e^-z)`, clamped so extreme scores stay finite. */
export function sigmoid(z: number): number {
  if (z > 30) return 1;
  if (z < -30) return 0;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits a logistic regression with AdaGrad stochastic gradient descent on the cross-entropy of
 * fractional targets. Deterministic: the order of examples is a seeded shuffle, and the
 * arithmetic is the same on every run.
 */
export function trainLogistic(
  examples: readonly TrainingExample[],
  dimension: number,
  options: LogisticOptions = {},
): LogisticModel {
  // The bias starts at the log-odds of the mean target, so early steps learn words, not the base rate.
  const mean = examples.length === 0 ? 0.5 : meanTarget(examples);
  const clamped = Math.min(Math.max(mean, 1e-3), 1 - 1e-3);
  return trainAdaGrad(examples, dimension, options, Math.log(clamped / (1 - clamped)), sigmoid);
}

/**
 * Fits a linear regression (squared loss) with the same AdaGrad steps, for real-valued targets
 * such as the logarithm of an answer's cost. Deterministic for a seed.
 */
export function trainLinear(
  examples: readonly TrainingExample[],
  dimension: number,
  options: LogisticOptions = {},
): LogisticModel {
  const bias = examples.length === 0 ? 0 : meanTarget(examples);
  return trainAdaGrad(examples, dimension, options, bias, (z) => z);
}

function meanTarget(examples: readonly TrainingExample[]): number {
  let sum = 0;
  for (const e of examples) sum += e.target;
  return sum / examples.length;
}

/**
 * The one training loop: per epoch a seeded shuffle, then per example the prediction through
 * `link` (the gradient of both losses is `prediction - target`) and AdaGrad steps on the bias and
 * on the weights the example touches, with an L2 penalty on those weights.
 */
function trainAdaGrad(
  examples: readonly TrainingExample[],
  dimension: number,
  options: LogisticOptions,
  initialBias: number,
  link: (z: number) => number,
): LogisticModel {
  const epochs = options.epochs ?? 4;
  const rate = options.learningRate ?? 0.02;
  const l2 = options.l2 ?? 1e-5;
  const random = seededRandom(options.seed ?? 1);
  const weights = new Float64Array(dimension);
  const squares = new Float64Array(dimension);
  let bias = initialBias;
  let biasSquares = 0;
  const order = new Uint32Array(examples.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (let k = 0; k < order.length; k++) {
      const e = examples[order[k] as number] as TrainingExample;
      const { indices, values } = e;
      let z = bias;
      for (let i = 0; i < indices.length; i++)
        z += (weights[indices[i] as number] as number) * (values[i] as number);
      const error = link(z) - e.target;
      biasSquares += error * error;
      bias -= (rate * error) / Math.sqrt(biasSquares + 1e-8);
      for (let i = 0; i < indices.length; i++) {
        const index = indices[i] as number;
        const w = weights[index] as number;
        const g = error * (values[i] as number) + l2 * w;
        const s = (squares[index] as number) + g * g;
        squares[index] = s;
        weights[index] = w - (rate * g) / Math.sqrt(s + 1e-8);
      }
    }
  }
  return { weights: Float32Array.from(weights), bias };
}

/** `bias + w · x` for the features in `features`. */
export function score(weights: Float32Array, bias: number, features: SparseFeatures): number {
  let z = bias;
  const { indices, values, length } = features;
  for (let i = 0; i < length; i++)
    z += (weights[indices[i] as number] as number) * (values[i] as number);
  return z;
}
