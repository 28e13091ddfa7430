import { describe, expect, it } from 'vitest';
import { seededRandom } from './logistic-regression.js';
import { PackedWeights } from './packed-weights.js';
import { createSparseFeatures, extractFeatures } from './text-features.js';

/** One row alone, the plain way: hashed weights summed in feature order, then the structural ones. */
function naive(w: Float32Array, bias: number, text: string): number {
  const x = extractFeatures(text, 12, 4_096, createSparseFeatures());
  const hashed = x.length - 10;
  let sum = 0;
  for (let i = 0; i < hashed; i++) sum += w[x.indices[i] as number] as number;
  let z = bias + sum * (hashed > 0 ? (x.values[0] as number) : 0);
  for (let i = hashed; i < x.length; i++)
    z += (w[x.indices[i] as number] as number) * (x.values[i] as number);
  return z;
}

describe('PackedWeights', () => {
  const random = seededRandom(7);
  // Weights over 18 decades: float32 values within a few decades sum exactly in a double whatever
  // the order, so only a wide range shows a change of summation order.
  const rows = Array.from({ length: 9 }, () =>
    Float32Array.from(
      { length: (1 << 12) + 10 },
      () => (random() - 0.5) * 10 ** (random() * 18 - 12),
    ),
  );
  const biases = Float64Array.from(rows, () => random() - 0.5);
  const packed = new PackedWeights(rows);
  const texts = ['', 'one', 'Prove that 17 is prime, step by step.\nThen explain quicksort? {x}'];

  it('gives every row, four, two or one at a time, the bits of scoring it alone', () => {
    for (const text of texts) {
      const x = extractFeatures(text, 12, 4_096, createSparseFeatures());
      for (let count = 1; count <= rows.length; count++) {
        const out = packed.scores(biases, count, x, new Float64Array(rows.length));
        for (let r = 0; r < count; r++)
          expect(out[r]).toBe(naive(rows[r] as Float32Array, biases[r] as number, text));
      }
    }
  });

  it('gives each row back as it was', () => {
    rows.forEach((w, r) => {
      expect(packed.row(r)).toEqual(w);
    });
  });
});
