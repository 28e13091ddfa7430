/**
 * What a learned model is made of: per candidate, the weights of its linear models, and the facts
 * shared by all of them. The model itself (`LearnedModel`) predicts with these; the file format
 * stores them.
 */

/** How weights are stored in a model file. */
export type WeightPrecision = 'int16' | 'float32';

/** Weights of one linear model: `bias + weights · features`. */
export interface LearnedWeights {
  readonly bias: number;
  /** Dense weights, `2^bits + 10` of them. */
  readonly weights: Float32Array;
  /** The int16 step of the weights (each weight is a multiple of it), when quantised. */
  readonly scale?: number | undefined;
}

/** One candidate model inside a learned model. */
export interface LearnedModelEntry extends LearnedWeights {
  /** The name outcomes were recorded under (usually `provider:model`). */
  readonly name: string;
  /** Outcomes it was trained on. */
  readonly outcomes: number;
  /** A regression of the natural log of the answer's cost in dollars, when outcomes had costs. */
  readonly cost?: (LearnedWeights & { readonly outcomes: number }) | undefined;
}

/** Facts about a learned model. */
export interface LearnedModelInfo {
  /** Hash space bits of the text features. */
  readonly bits: number;
  /** Longest text read per prediction, in characters. */
  readonly scanChars: number;
  readonly precision: WeightPrecision;
  /** When it was trained (ISO 8601). */
  readonly trainedAt: string;
  /** Outcomes per model. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** The int16 step for `weights`: the largest magnitude maps to 32767. */
export function int16Scale(weights: Float32Array): number {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i] as number));
  return max === 0 ? 1 : max / 32767;
}

/** @internal Rounds weights to what an int16 file stores, so a model trained in memory and the same model loaded from its file predict identically. */
export function quantizeWeights(weights: Float32Array): { weights: Float32Array; scale: number } {
  const scale = int16Scale(weights);
  // Stored in a Float32Array exactly as the loader stores `q * scale`.
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++)
    out[i] = Math.round((weights[i] as number) / scale) * scale;
  return { weights: out, scale };
}
