import { sigmoid } from './logistic-regression.js';
import { ModelFileError } from './model-file-error.js';
import {
  createSparseFeatures,
  extractFeatures,
  FEATURE_VERSION,
  type SparseFeatures,
  STRUCTURAL_FEATURES,
} from './text-features.js';

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

/** One candidate model inside a {@link LearnedModel}. */
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

const MAGIC = [0x53, 0x57, 0x4c, 0x52]; // "SWLR"
const FILE_VERSION = 1;

interface FileHeader {
  featureVersion: number;
  bits: number;
  scanChars: number;
  precision: WeightPrecision;
  trainedAt: string;
  models: (BlockHeader & {
    name: string;
    outcomes: number;
    cost?: (BlockHeader & { outcomes: number }) | undefined;
  })[];
}

interface BlockHeader {
  bias: number;
  scale: number;
  count: number;
}

/** @internal Rounds weights to what an int16 file stores, so a model trained in memory and the same model loaded from its file predict identically. */
export function quantizeWeights(weights: Float32Array): { weights: Float32Array; scale: number } {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i] as number));
  const scale = max === 0 ? 1 : max / 32767;
  // Stored in a Float32Array exactly as the loader stores `q * scale`.
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++)
    out[i] = Math.round((weights[i] as number) / scale) * scale;
  return { weights: out, scale };
}

function scaleOf(weights: Float32Array): number {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i] as number));
  return max === 0 ? 1 : max / 32767;
}

class Writer {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  ensure(n: number) {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  u8(v: number) {
    this.ensure(1);
    this.bytes[this.length++] = v;
  }
  u32(v: number) {
    this.ensure(4);
    new DataView(this.bytes.buffer).setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  varint(v: number) {
    let x = v >>> 0;
    while (x >= 0x80) {
      this.u8((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    this.u8(x);
  }
  raw(b: Uint8Array) {
    this.ensure(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
}

function encodeModel(entries: readonly LearnedModelEntry[], info: LearnedModelInfo): Uint8Array {
  const header: FileHeader = {
    featureVersion: FEATURE_VERSION,
    bits: info.bits,
    scanChars: info.scanChars,
    precision: info.precision,
    trainedAt: info.trainedAt,
    models: [],
  };
  const int16 = info.precision === 'int16';
  const blocks: { indices: number[]; values: number[] }[] = [];
  const block = (w: LearnedWeights): BlockHeader => {
    const scale = int16 ? (w.scale ?? scaleOf(w.weights)) : 1;
    const indices: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < w.weights.length; i++) {
      const v = w.weights[i] as number;
      if (v === 0) continue;
      indices.push(i);
      values.push(int16 ? Math.round(v / scale) : v);
    }
    blocks.push({ indices, values });
    return { bias: w.bias, scale, count: indices.length };
  };
  for (const entry of entries) {
    const quality = block(entry);
    const cost =
      entry.cost === undefined
        ? undefined
        : { ...block(entry.cost), outcomes: entry.cost.outcomes };
    header.models.push({ name: entry.name, outcomes: entry.outcomes, ...quality, cost });
  }
  const w = new Writer();
  for (const b of MAGIC) w.u8(b);
  w.u8(FILE_VERSION);
  const json = new TextEncoder().encode(JSON.stringify(header));
  w.u32(json.length);
  w.raw(json);
  for (const body of blocks) {
    let last = 0;
    for (const i of body.indices) {
      w.varint(i - last);
      last = i;
    }
    const bytes = int16 ? 2 : 4;
    w.ensure(body.values.length * bytes);
    const view = new DataView(w.bytes.buffer);
    for (const v of body.values) {
      if (bytes === 2) view.setInt16(w.length, v, true);
      else view.setFloat32(w.length, v, true);
      w.length += bytes;
    }
  }
  w.u32(crc32(w.bytes.subarray(0, w.length)));
  return w.bytes.slice(0, w.length);
}

/** Options of {@link loadLearnedModel}. */
export interface LoadLearnedModelOptions {
  /** Model names the caller will ask for; a file without one of them is refused. Defaults to none. */
  readonly models?: readonly string[] | undefined;
}

/**
 * Loads a model file written by `LearnedModel.serialize()` (bytes, e.g. from `readFileSync`).
 * Takes milliseconds.
 *
 * @throws ModelFileError when the bytes are not a model file, were written by an unsupported
 *   version or for another feature extractor, are truncated or damaged (CRC-32 mismatch), or lack
 *   a model named in `options.models`.
 */
export function loadLearnedModel(
  bytes: Uint8Array,
  options: LoadLearnedModelOptions = {},
): LearnedModel {
  if (bytes.length < 13 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new ModelFileError(
      'not-a-model',
      'not a Switchyard learned-router model (no "SWLR" header).',
    );
  const version = bytes[4] as number;
  if (version !== FILE_VERSION)
    throw new ModelFileError(
      'unsupported-version',
      `file format version ${version}; this Switchyard reads version ${FILE_VERSION}.`,
    );
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    bytes.length - 4,
    true,
  );
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored)
    throw new ModelFileError('corrupt', 'checksum mismatch: the file is truncated or damaged.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(5, true);
  let header: FileHeader;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(9, 9 + headerLength)),
    ) as FileHeader;
  } catch (cause) {
    throw new ModelFileError('corrupt', 'its header is not valid JSON.', { cause });
  }
  if (header.featureVersion !== FEATURE_VERSION)
    throw new ModelFileError(
      'feature-mismatch',
      `made for feature extractor version ${header.featureVersion}; this Switchyard computes version ${FEATURE_VERSION}. Retrain the model.`,
    );
  if (!Number.isInteger(header.bits) || header.bits < 8 || header.bits > 24)
    throw new ModelFileError('corrupt', `feature bits ${header.bits} out of range (8–24).`);
  const missing = (options.models ?? []).filter((m) => !header.models.some((e) => e.name === m));
  if (missing.length > 0)
    throw new ModelFileError(
      'missing-model',
      `no prediction for ${missing.join(', ')}; the file has ${header.models.map((m) => m.name).join(', ')}.`,
    );
  const dimension = (1 << header.bits) + STRUCTURAL_FEATURES;
  const end = bytes.length - 4;
  let offset = 9 + headerLength;
  const readBlock = (b: BlockHeader): LearnedWeights => {
    const weights = new Float32Array(dimension);
    const indices = new Int32Array(b.count);
    let last = 0;
    for (let k = 0; k < b.count; k++) {
      let shift = 0;
      let delta = 0;
      for (;;) {
        if (offset >= end) throw truncated();
        const byte = bytes[offset++] as number;
        delta += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) break;
        shift += 7;
      }
      last += delta;
      if (last >= dimension) throw new ModelFileError('corrupt', 'a weight index is out of range.');
      indices[k] = last;
    }
    const size = header.precision === 'int16' ? 2 : 4;
    if (offset + b.count * size > end) throw truncated();
    for (let k = 0; k < b.count; k++) {
      weights[indices[k] as number] =
        size === 2 ? view.getInt16(offset, true) * b.scale : view.getFloat32(offset, true);
      offset += size;
    }
    return { bias: b.bias, weights, scale: b.scale };
  };
  const entries: LearnedModelEntry[] = [];
  for (const m of header.models) {
    const quality = readBlock(m);
    const cost =
      m.cost === undefined ? undefined : { ...readBlock(m.cost), outcomes: m.cost.outcomes };
    entries.push({ name: m.name, outcomes: m.outcomes, ...quality, cost });
  }
  if (offset !== end) throw new ModelFileError('corrupt', 'unexpected bytes after the weights.');
  return new LearnedModel(entries, {
    bits: header.bits,
    scanChars: header.scanChars,
    precision: header.precision,
    trainedAt: header.trainedAt,
  });
}

function truncated(): ModelFileError {
  return new ModelFileError('corrupt', 'the weights end early: the file is truncated.');
}

let crcTable: Uint32Array | undefined;

/** @internal CRC-32 (IEEE), to tell a damaged file from a valid one. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    crc = (crcTable[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
