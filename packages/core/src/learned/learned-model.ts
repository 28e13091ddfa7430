import type { LearnedModelEntry, LearnedModelInfo } from './learned-model-data.js';
import { sigmoid } from './logistic-regression.js';
import { PackedWeights } from './packed-weights.js';
import { createSparseFeatures, extractFeatures, type SparseFeatures } from './text-features.js';
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
  // The entries without their weights, which live in `weights` only.
  private readonly entries: readonly LearnedModelEntry[];
  private readonly index = new Map<string, number>();
  private readonly scratch: SparseFeatures = createSparseFeatures();
  // Every linear model in one block, the quality regressions first (in `models` order), then the
  // cost regressions: one pass over a request's features scores them all.
  private readonly weights: PackedWeights;
  private readonly biases: Float64Array;
  private readonly sums: Float64Array;
  /** Per model, its cost regression's row in `weights`, or -1. */
  private readonly costRow: Int32Array;

  /** @internal Use `trainRouter` or `loadLearnedModel`. */
  constructor(entries: readonly LearnedModelEntry[], info: Omit<LearnedModelInfo, 'outcomes'>) {
    const empty = new Float32Array(0);
    this.entries = entries.map((e) => ({
      ...e,
      weights: empty,
      cost: e.cost === undefined ? undefined : { ...e.cost, weights: empty },
    }));
    this.models = Object.freeze(entries.map((e) => e.name));
    entries.forEach((e, i) => {
      this.index.set(e.name, i);
    });
    const rows = entries.map((e) => e.weights);
    const biases = entries.map((e) => e.bias);
    this.costRow = new Int32Array(entries.length).fill(-1);
    entries.forEach((e, m) => {
      if (e.cost === undefined) return;
      this.costRow[m] = rows.length;
      rows.push(e.cost.weights);
      biases.push(e.cost.bias);
    });
    this.weights = new PackedWeights(rows);
    this.biases = Float64Array.from(biases);
    this.sums = new Float64Array(rows.length);
    this.info = Object.freeze({
      ...info,
      outcomes: Object.freeze(Object.fromEntries(entries.map((e) => [e.name, e.outcomes]))),
    });
  }

  /** @internal The models' weights, for averaging cross-fitted models. */
  get entryList(): readonly LearnedModelEntry[] {
    return this.entries.map((e, m) => {
      const costRow = this.costRow[m] as number;
      return {
        ...e,
        weights: this.weights.row(m),
        cost: e.cost === undefined ? undefined : { ...e.cost, weights: this.weights.row(costRow) },
      };
    });
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
    const models = this.entries.length;
    const sums = this.weights.scores(
      this.biases,
      costs === undefined ? models : this.weights.rows,
      features,
      this.sums,
    );
    for (let m = 0; m < models; m++) {
      out[m] = sigmoid(sums[m] as number);
      if (costs === undefined) continue;
      const row = this.costRow[m] as number;
      costs[m] = row < 0 ? Number.NaN : Math.exp(sums[row] as number);
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
    return encodeModel(this.entryList, this.info);
  }
}
