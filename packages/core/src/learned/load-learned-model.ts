import { crc32 } from './crc32.js';
import { LearnedModel } from './learned-model.js';
import type { LearnedModelEntry, LearnedWeights } from './learned-model-data.js';
import { ModelFileError } from './model-file-error.js';
import { type BlockHeader, FILE_VERSION, type FileHeader, MAGIC } from './model-file-format.js';
import { FEATURE_VERSION, STRUCTURAL_FEATURES } from './text-features.js';

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
