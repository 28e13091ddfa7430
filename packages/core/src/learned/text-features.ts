/**
 * Features of a request's text for the learned router, computed in one pass over the characters:
 * hashed word unigrams and bigrams (feature hashing into `2^bits` buckets) and a few structural
 * signals (length, words, digits, numbers, lines, questions, code and math markers).
 */

/** The feature extractor's version; a model file made by another version is refused at load. */
export const FEATURE_VERSION = 1;

/** Structural features, stored after the hashed buckets (indices `2^bits` ... `2^bits + 9`). */
export const STRUCTURAL_FEATURES = 10;

/** A sparse feature vector in reusable buffers: `indices[0..length)` with their `values`. */
export interface SparseFeatures {
  indices: Int32Array;
  values: Float32Array;
  length: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BIGRAM_SALT = 0x9e3779b9;

/** ASCII word characters (letters, digits, `_`): the lower-cased code + 1; 0 for the rest. */
const WORD = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if ((lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 95) table[c] = lower + 1;
  }
  return table;
})();

/** Creates a reusable buffer for {@link extractFeatures}. */
export function createSparseFeatures(capacity = 1024): SparseFeatures {
  return { indices: new Int32Array(capacity), values: new Float32Array(capacity), length: 0 };
}

function grow(out: SparseFeatures, capacity: number): void {
  out.indices = new Int32Array(capacity);
  out.values = new Float32Array(capacity);
}

/**
 * Writes the features of `text` into `out` (overwriting it) and returns it. Hashed entries may
 * repeat an index (a repeated word); a linear model sums them. Hashed values are scaled by
 * 1/sqrt(tokens + 1), so a long prompt does not outweigh a short one.
 */
export function extractFeatures(
  text: string,
  bits: number,
  scanChars: number,
  out: SparseFeatures,
): SparseFeatures {
  const mask = (1 << bits) - 1;
  const scanned =
    text.length <= scanChars
      ? text
      : `${text.slice(0, Math.floor(scanChars * 0.75))}\n${text.slice(text.length - Math.floor(scanChars * 0.25))}`;
  // Each word adds at most two entries; one character in two starting a word is the worst case.
  const capacity = scanned.length + 2 + STRUCTURAL_FEATURES;
  if (capacity > out.indices.length) grow(out, capacity);
  const indices = out.indices;
  // One loop, no closure: V8 keeps these in registers (a closure over them is several times slower).
  let n = 0;
  let hash = FNV_OFFSET;
  let wordDigits = 0;
  let wordLength = 0;
  let previous = 0;
  let hasPrevious = false;
  let words = 0;
  let wordChars = 0;
  let digits = 0;
  let numbers = 0;
  let lines = 1;
  let questions = 0;
  let code = 0;
  let math = 0;
  const length = scanned.length;
  for (let i = 0; i <= length; i++) {
    // i === length is a virtual space that ends the last word.
    let c = i < length ? scanned.charCodeAt(i) : 32;
    // One table read classifies ASCII: 0 not a word character, else the lower-cased code + 1.
    const kind = c < 128 ? (WORD[c] as number) : c + 1;
    if (kind !== 0) {
      c = kind - 1;
      if (wordLength === 0) hash = FNV_OFFSET;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      wordLength += 1;
      if (c <= 57) {
        wordDigits += 1;
        digits += 1;
      }
      continue;
    }
    if (wordLength > 0) {
      // A number is one token per digit count ("#3"), not one per value: values rarely generalise.
      let h = hash;
      if (wordDigits === wordLength) {
        numbers += 1;
        h = Math.imul(FNV_OFFSET ^ (35 + wordLength), FNV_PRIME);
      }
      indices[n++] = (h >>> 0) & mask;
      if (hasPrevious) {
        const pair = Math.imul(previous ^ BIGRAM_SALT, 0x85ebca6b) ^ h;
        indices[n++] = (Math.imul(pair ^ (pair >>> 13), 0xc2b2ae35) >>> 0) & mask;
      }
      previous = h;
      hasPrevious = true;
      words += 1;
      wordChars += wordLength;
      wordLength = 0;
      wordDigits = 0;
    }
    if (c === 32) continue;
    if (c === 10) {
      lines += 1;
      // A line or sentence end breaks the bigram chain.
      hasPrevious = false;
    } else if (c === 63) {
      questions += 1;
      hasPrevious = false;
    } else if (c === 46 || c === 33) hasPrevious = false;
    else if (c === 96 || c === 123 || c === 125 || c === 59) code += 1;
    else if (
      c === 43 ||
      c === 45 ||
      c === 42 ||
      c === 47 ||
      c === 61 ||
      c === 94 ||
      c === 60 ||
      c === 62
    )
      math += 1;
  }

  const values = out.values;
  const scale = 1 / Math.sqrt(n + 1);
  values.fill(scale, 0, n);
  const base = mask + 1;
  const chars = text.length;
  indices[n] = base;
  values[n++] = Math.log1p(chars) / 10;
  indices[n] = base + 1;
  values[n++] = Math.log1p(words) / 8;
  indices[n] = base + 2;
  values[n++] = chars === 0 ? 0 : (digits / chars) * 4;
  indices[n] = base + 3;
  values[n++] = Math.log1p(numbers) / 4;
  indices[n] = base + 4;
  values[n++] = Math.log1p(lines) / 4;
  indices[n] = base + 5;
  values[n++] = Math.min(questions, 5) / 5;
  indices[n] = base + 6;
  values[n++] = Math.log1p(code) / 4;
  indices[n] = base + 7;
  values[n++] = Math.log1p(math) / 4;
  indices[n] = base + 8;
  values[n++] = words === 0 ? 0 : wordChars / words / 10;
  indices[n] = base + 9;
  values[n++] = 1;
  out.length = n;
  return out;
}
