import { describe, expect, it } from 'vitest';
import { createSparseFeatures, extractFeatures, FEATURE_VERSION } from './text-features.js';

// Features of FEATURE_VERSION 1 as its first implementation computed them (one `charCodeAt` loop):
// model files of version 1 were trained on these buckets, so a faster extractor must hit the same
// ones, or FEATURE_VERSION must change and every model be retrained.
const FIRST = {
  text: 'Explain quicksort, then solve 2x + 5 = 15?',
  indices: [
    43868, 12264, 14040, 59766, 52065, 13360, 47402, 16727, 38402, 35123, 47709, 34720, 48253,
  ],
  structural: [
    0.376120001077652, 0.25993019342422485, 0.380952388048172, 0.2746530771255493,
    0.1732867956161499, 0.20000000298023224, 0, 0.2746530771255493, 0.4285714328289032, 1,
  ],
};
const MIXED = {
  text: 'Ünïcödé and 12345 numbers + operators = {code}; `fenced`\nline two? 中文 😀',
  indices: [
    20278, 49830, 22704, 39959, 16279, 39977, 28257, 35210, 64290, 27892, 44927, 58742, 26095, 5671,
    34857, 47329, 46509, 50360, 63346,
  ],
};

function digest(text: string, bits: number): { length: number; hash: number } {
  const x = extractFeatures(text, bits, 4_096, createSparseFeatures());
  let h = 0x811c9dc5;
  for (let i = 0; i < x.length; i++) {
    h = Math.imul(h ^ (x.indices[i] as number), 0x01000193);
    h = Math.imul(h ^ Math.round((x.values[i] as number) * 1e6), 0x01000193);
  }
  return { length: x.length, hash: h >>> 0 };
}

describe('extractFeatures', () => {
  it('hashes ASCII text into the buckets of feature version 1', () => {
    expect(FEATURE_VERSION).toBe(1);
    const x = extractFeatures(FIRST.text, 16, 4_096, createSparseFeatures());
    const hashed = x.length - 10;
    expect(Array.from(x.indices.subarray(0, hashed))).toEqual(FIRST.indices);
    expect(Array.from(x.values.subarray(0, hashed))).toEqual(
      FIRST.indices.map(() => Math.fround(1 / Math.sqrt(FIRST.indices.length + 1))),
    );
    expect(Array.from(x.indices.subarray(hashed, x.length))).toEqual(
      Array.from({ length: 10 }, (_, i) => 65_536 + i),
    );
    expect(Array.from(x.values.subarray(hashed, x.length))).toEqual(FIRST.structural);
  });

  it('hashes non-ASCII text (accents, CJK, a surrogate pair) the same way', () => {
    const x = extractFeatures(MIXED.text, 16, 4_096, createSparseFeatures());
    expect(Array.from(x.indices.subarray(0, x.length - 10))).toEqual(MIXED.indices);
  });

  it('reads a long text through its scan window as version 1 did', () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i % 37} Ärger ${i} {x};\n`).join('');
    expect(long.length).toBeGreaterThan(4_096);
    expect(digest(long, 18)).toEqual({ length: 1364, hash: 539318240 });
  });

  it('gives the same features whichever text came before (reused buffers)', () => {
    const before = digest(FIRST.text, 16);
    digest('x'.repeat(10_000), 16);
    digest(MIXED.text, 16);
    expect(digest(FIRST.text, 16)).toEqual(before);
  });
});
