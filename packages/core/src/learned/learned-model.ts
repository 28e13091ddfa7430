import type { LearnedModelEntry, LearnedModelInfo } from './learned-model-data.js';
import { sigmoid } from './logistic-regression.js';
import {
  createSparseFeatures,
  extractFeatures,
  type SparseFeatures,
  STRUCTURAL_FEATURES,
} from './text-features.js';
import { encodeModel } from './write-model-file.js';

/**
 * A trained learned router: per candidate model, a logistic regression over the request text's
 * features that predicts the probability the model answers well (score 0–1). Predictions take a
 * few microseconds and no network call. Made by `trainRouter` or `loadLearnedModel`.
 */
export class LearnedModel {
  /** The candidate model names, in the order of `predictInto`'s output. */
  readonly models: readonly string[];
  readonly info: LearnedModelInfo;
  private readonly entries: readonly LearnedModelEntry[];
  private readonly index = new Map<string, number>();
  private readonly scratch: SparseFeatures = createSparseFeatures();

  /** @internal Use `trainRouter` or `loadLearnedModel`. */
  constructor(entries: readonly LearnedModelEntry[], info: Omit<LearnedModelInfo, 'outcomes'>) {
    this.entries = entries;
    this.models = Object.freeze(entries.map((e) => e.name));
    entries.forEach((e, i) => {
      this.index.set(e.name, i);
    });
    this.info = Object.freeze({
      ...info,
      outcomes: Object.freeze(Object.fromEntries(entries.map((e) => [e.name, e.outcomes]))),
    });
  }

  /** @internal The models' weights, for averaging cross-fitted models. */
  get entryList(): readonly LearnedModelEntry[] {
    return this.entries;
  }

  /** Whether the model predicts for `name`. */
  has(name: string): boolean {
    return this.index.has(name);
  }

  /**
   * Predicted probabilities of a good answer (0–1), one per entry of `models`, written into `out`
   * (allocated when omitted). The text is read once for all models. When `costs` is given, it
   * receives each model's predicted cost in dollars (`NaN` for a model without a cost regression).
   */
  predictInto(
    text: string,
    out: Float64Array = new Float64Array(this.entries.length),
    costs?: Float64Array,
  ): Float64Array {
    const features = extractFeatures(text, this.info.bits, this.info.scanChars, this.scratch);
    for (let m = 0; m < this.entries.length; m++) {
      const entry = this.entries[m] as LearnedModelEntry;
      out[m] = sigmoid(linear(entry.weights, entry.bias, features));
      if (costs === undefined) continue;
      const cost = entry.cost;
      costs[m] =
        cost === undefined ? Number.NaN : Math.exp(linear(cost.weights, cost.bias, features));
    }
    return out;
  }

  /** Whether the model predicts the cost of `name`'s answers (its outcomes had costs). */
  predictsCost(name: string): boolean {
    return this.entries[this.indexOf(name)]?.cost !== undefined;
  }

  /** Predicted probabilities of a good answer (0–1) by model name. */
  predict(text: string): Record<string, number> {
    const scores = this.predictInto(text);
    const result: Record<string, number> = {};
    this.models.forEach((name, i) => {
      result[name] = scores[i] as number;
    });
    return result;
  }

  /** The position of `name` in `models`, or -1. */
  indexOf(name: string): number {
    return this.index.get(name) ?? -1;
  }

  /**
   * The model as a compact binary file: only non-zero weights, delta-coded indices, int16
   * (or float32) values, and a CRC-32 over everything. Load it with `loadLearnedModel`.
   */
  serialize(): Uint8Array {
    return encodeModel(this.entries, this.info);
  }
}

/**
 * `bias + w · x`. The hashed entries (all but the structural features at the end) share one value
 * (see `extractFeatures`), so their weights are summed and multiplied once.
 */
function linear(w: Float32Array, bias: number, features: SparseFeatures): number {
  const { indices, values, length } = features;
  const hashed = length - STRUCTURAL_FEATURES;
  let sum = 0;
  for (let i = 0; i < hashed; i++) sum += w[indices[i] as number] as number;
  let z = bias + sum * (hashed > 0 ? (values[0] as number) : 0);
  for (let i = hashed; i < length; i++)
    z += (w[indices[i] as number] as number) * (values[i] as number);
  return z;
}
