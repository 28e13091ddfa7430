import { type SparseFeatures, STRUCTURAL_FEATURES } from './text-features.js';

/**
 * `bias + w · x` of the first `count` rows of weights, into `out`. The rows are read four at a
 * time (then two, then one) in one pass over the features: the loads and sums of different rows
 * overlap, where row after row each sum waits on the one before. Each row still sums its own terms
 * in the same order as alone, so the results are bit for bit the same. A row's hashed entries
 * share one value (see `extractFeatures`), so their weights are summed and multiplied once.
 */
export function linearScores(
  rows: readonly Float32Array[],
  biases: Float64Array,
  count: number,
  features: SparseFeatures,
  out: Float64Array,
): Float64Array {
  const { indices, values, length } = features;
  const hashed = length - STRUCTURAL_FEATURES;
  let r = 0;
  for (; r + 4 <= count; r += 4) {
    const a = rows[r] as Float32Array;
    const b = rows[r + 1] as Float32Array;
    const c = rows[r + 2] as Float32Array;
    const d = rows[r + 3] as Float32Array;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    for (let i = 0; i < hashed; i++) {
      const j = indices[i] as number;
      sa += a[j] as number;
      sb += b[j] as number;
      sc += c[j] as number;
      sd += d[j] as number;
    }
    out[r] = sa;
    out[r + 1] = sb;
    out[r + 2] = sc;
    out[r + 3] = sd;
  }
  if (r + 2 <= count) {
    const a = rows[r] as Float32Array;
    const b = rows[r + 1] as Float32Array;
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < hashed; i++) {
      const j = indices[i] as number;
      sa += a[j] as number;
      sb += b[j] as number;
    }
    out[r] = sa;
    out[r + 1] = sb;
    r += 2;
  }
  if (r < count) {
    const a = rows[r] as Float32Array;
    let sa = 0;
    for (let i = 0; i < hashed; i++) sa += a[indices[i] as number] as number;
    out[r] = sa;
  }
  const shared = hashed > 0 ? (values[0] as number) : 0;
  for (let k = 0; k < count; k++) {
    const w = rows[k] as Float32Array;
    let z = (biases[k] as number) + (out[k] as number) * shared;
    for (let i = hashed; i < length; i++)
      z += (w[indices[i] as number] as number) * (values[i] as number);
    out[k] = z;
  }
  return out;
}
