import { type SparseFeatures, STRUCTURAL_FEATURES } from './text-features.js';

/**
 * The weights of several linear models over the same features, stored interleaved: weight `j` of
 * row `r` at `j × rows + r`. A feature index then reads every row's weight from one or two cache
 * lines, where separate arrays (a quarter megabyte each at 2^16 buckets) cost a cache line per
 * row, and with eleven models and their cost regressions no longer fit in the processor's cache.
 */
export class PackedWeights {
  readonly rows: number;
  readonly dimension: number;
  private readonly packed: Float32Array;

  constructor(rows: readonly Float32Array[]) {
    this.rows = rows.length;
    this.dimension = rows[0]?.length ?? 0;
    const stride = this.rows;
    const packed = new Float32Array(this.dimension * stride);
    rows.forEach((w, r) => {
      for (let j = 0; j < w.length; j++) packed[j * stride + r] = w[j] as number;
    });
    this.packed = packed;
  }

  /** Row `r` as a dense array of its own (a copy). */
  row(r: number): Float32Array {
    const out = new Float32Array(this.dimension);
    for (let j = 0; j < out.length; j++) out[j] = this.packed[j * this.rows + r] as number;
    return out;
  }

  /**
   * `bias + w · x` of the first `count` rows, into `out`. Four rows at a time (then two, then
   * one) share the pass over the features, so their loads and sums overlap; each row still sums
   * its own terms in the same order as alone, so the results are bit for bit the same. A row's
   * hashed entries share one value (see `extractFeatures`), so their weights are summed and
   * multiplied once.
   */
  scores(
    biases: Float64Array,
    count: number,
    features: SparseFeatures,
    out: Float64Array,
  ): Float64Array {
    const { indices, values, length } = features;
    const w = this.packed;
    const stride = this.rows;
    const hashed = length - STRUCTURAL_FEATURES;
    let r = 0;
    for (; r + 4 <= count; r += 4) {
      let sa = 0;
      let sb = 0;
      let sc = 0;
      let sd = 0;
      for (let i = 0; i < hashed; i++) {
        const j = (indices[i] as number) * stride + r;
        sa += w[j] as number;
        sb += w[j + 1] as number;
        sc += w[j + 2] as number;
        sd += w[j + 3] as number;
      }
      out[r] = sa;
      out[r + 1] = sb;
      out[r + 2] = sc;
      out[r + 3] = sd;
    }
    if (r + 2 <= count) {
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < hashed; i++) {
        const j = (indices[i] as number) * stride + r;
        sa += w[j] as number;
        sb += w[j + 1] as number;
      }
      out[r] = sa;
      out[r + 1] = sb;
      r += 2;
    }
    if (r < count) {
      let sa = 0;
      for (let i = 0; i < hashed; i++) sa += w[(indices[i] as number) * stride + r] as number;
      out[r] = sa;
    }
    const shared = hashed > 0 ? (values[0] as number) : 0;
    for (let k = 0; k < count; k++) {
      let z = (biases[k] as number) + (out[k] as number) * shared;
      for (let i = hashed; i < length; i++)
        z += (w[(indices[i] as number) * stride + k] as number) * (values[i] as number);
      out[k] = z;
    }
    return out;
  }
}
