/**
 * The learned-router model file: the magic bytes "SWLR", a format version byte, a little-endian
 * u32 length and a JSON header (feature version, bits, precision, per model its bias, scale and
 * count of non-zero weights), then per weight block the delta-coded indices (varints) and the
 * int16 or float32 values, and a CRC-32 of everything before it.
 */
import type { WeightPrecision } from './learned-model-data.js';

export const MAGIC = [0x53, 0x57, 0x4c, 0x52]; // "SWLR"
export const FILE_VERSION = 1;

export interface FileHeader {
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

/** One weight block of the file: its bias, int16 step and number of non-zero weights. */
export interface BlockHeader {
  bias: number;
  scale: number;
  count: number;
}
