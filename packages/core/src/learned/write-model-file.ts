import { crc32 } from './crc32.js';
import {
  int16Scale,
  type LearnedModelEntry,
  type LearnedModelInfo,
  type LearnedWeights,
} from './learned-model-data.js';
import { type BlockHeader, FILE_VERSION, type FileHeader, MAGIC } from './model-file-format.js';
import { FEATURE_VERSION } from './text-features.js';

/** A growing little-endian byte buffer. */
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

/** The model file of `entries` (see `model-file-format.ts`). */
export function encodeModel(
  entries: readonly LearnedModelEntry[],
  info: LearnedModelInfo,
): Uint8Array {
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
    const scale = int16 ? (w.scale ?? int16Scale(w.weights)) : 1;
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
