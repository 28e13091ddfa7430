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

/** Creates a reusable buffer for {@link extractFeatures}. */
export function createSparseFeatures(capacity = 1024): SparseFeatures {
  return { indices: new Int32Array(capacity), values: new Float32Array(capacity), length: 0 };
}

function grow(out: SparseFeatures): void {
  const indices = new Int32Array(out.indices.length * 2);
  indices.set(out.indices);
  const values = new Float32Array(out.values.length * 2);
  values.set(out.values);
  out.indices = indices;
  out.values = values;
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
  let n = 0;
  let hash = FNV_OFFSET;
  let inWord = false;
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

  const endWord = () => {
    // A number is one token per digit count ("#3"), not one per value: values rarely generalise.
    let h = hash;
    if (wordDigits === wordLength) {
      numbers += 1;
      h = Math.imul(FNV_OFFSET ^ (35 + wordLength), FNV_PRIME);
    }
    if (n + 2 > out.indices.length) grow(out);
    out.indices[n++] = (h >>> 0) & mask;
    if (hasPrevious) {
      const pair = Math.imul(previous ^ BIGRAM_SALT, 0x85ebca6b) ^ h;
      out.indices[n++] = (Math.imul(pair ^ (pair >>> 13), 0xc2b2ae35) >>> 0) & mask;
    }
    previous = h;
    hasPrevious = true;
    words += 1;
    wordChars += wordLength;
    inWord = false;
  };

  for (let i = 0; i < scanned.length; i++) {
    let c = scanned.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    const digit = c >= 48 && c <= 57;
    if ((c >= 97 && c <= 122) || digit || c >= 128 || c === 95) {
      if (!inWord) {
        inWord = true;
        hash = FNV_OFFSET;
        wordDigits = 0;
        wordLength = 0;
      }
      hash = Math.imul(hash ^ c, FNV_PRIME);
      wordLength += 1;
      if (digit) {
        wordDigits += 1;
        digits += 1;
      }
      continue;
    }
    if (inWord) endWord();
    switch (c) {
      case 10:
        lines += 1;
        // A blank line or sentence end breaks the bigram chain.
        hasPrevious = false;
        break;
      case 63: // ?
        questions += 1;
        hasPrevious = false;
        break;
      case 46: // .
      case 33: // !
        hasPrevious = false;
        break;
      case 96: // `
      case 123: // {
      case 125: // }
      case 59: // ;
        code += 1;
        break;
      case 43: // +
      case 45: // -
      case 42: // *
      case 47: // /
      case 61: // =
      case 94: // ^
      case 60: // <
      case 62: // >
        math += 1;
        break;
    }
  }
  if (inWord) endWord();

  const scale = 1 / Math.sqrt(n + 1);
  for (let i = 0; i < n; i++) out.values[i] = scale;

  if (n + STRUCTURAL_FEATURES > out.indices.length) grow(out);
  const base = mask + 1;
  const chars = text.length;
  const structural = [
    Math.log1p(chars) / 10,
    Math.log1p(words) / 8,
    chars === 0 ? 0 : (digits / chars) * 4,
    Math.log1p(numbers) / 4,
    Math.log1p(lines) / 4,
    Math.min(questions, 5) / 5,
    Math.log1p(code) / 4,
    Math.log1p(math) / 4,
    words === 0 ? 0 : wordChars / words / 10,
    1,
  ];
  for (let k = 0; k < STRUCTURAL_FEATURES; k++) {
    out.indices[n] = base + k;
    out.values[n] = structural[k] as number;
    n += 1;
  }
  out.length = n;
  return out;
}
