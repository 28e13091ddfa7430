import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import { CHEAP, STRONG, toyOutcomes } from './learned-test-data.test-util.js';
import { loadLearnedModel } from './load-learned-model.js';
import { ModelFileError } from './model-file-error.js';
import { trainRouter } from './train-router.js';

const prompts = [
  'Prove that every bounded monotone sequence converges',
  'What is the capital of Italy?',
  '',
  'x'.repeat(5000),
  'Ünïcödé and 12345 numbers + operators = {code}; `fenced`\nline two?',
];

function loadError(bytes: Uint8Array, models?: string[]): ModelFileError {
  try {
    loadLearnedModel(bytes, { models });
  } catch (error) {
    if (ModelFileError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ModelFileError');
}

/** Rewrites the JSON header of a model file and signs it again, as a file from elsewhere would be. */
function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(5, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(9, 9 + length)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const body = bytes.subarray(9 + length, bytes.length - 4);
  const out = new Uint8Array(9 + json.length + body.length + 4);
  out.set(bytes.subarray(0, 5));
  new DataView(out.buffer).setUint32(5, json.length, true);
  out.set(json, 9);
  out.set(body, 9 + json.length);
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

describe('learned model files', () => {
  for (const precision of ['int16', 'float32'] as const) {
    it(`round-trip to identical predictions (${precision})`, () => {
      const outcomes = toyOutcomes().map((o, i) => ({ ...o, costUsd: 0.001 * (1 + (i % 5)) }));
      const model = trainRouter(outcomes, { precision });
      const loaded = loadLearnedModel(model.serialize(), { models: [CHEAP, STRONG] });
      expect(loaded.models).toEqual(model.models);
      expect(loaded.info).toEqual(model.info);
      expect(loaded.predictsCost(CHEAP)).toBe(true);
      const [a, b, ca, cb] = [0, 0, 0, 0].map(() => new Float64Array(2)) as [
        Float64Array,
        Float64Array,
        Float64Array,
        Float64Array,
      ];
      for (const p of prompts) {
        model.predictInto(p, a, ca);
        loaded.predictInto(p, b, cb);
        expect(b).toEqual(a);
        expect(cb).toEqual(ca);
      }
    });
  }

  it('refuse a file that is not a model', () => {
    const error = loadError(new TextEncoder().encode('{"weights": [1, 2, 3]}'));
    expect(error.problem).toBe('not-a-model');
    expect(error.kind).toBe('config');
    expect(error.message).toMatch(/not a Switchyard learned-router model/);
  });

  it('refuse a damaged or truncated file', () => {
    const bytes = trainRouter(toyOutcomes()).serialize();
    const flipped = bytes.slice();
    const middle = Math.floor(bytes.length / 2);
    flipped[middle] = (flipped[middle] as number) ^ 0x40;
    expect(loadError(flipped).problem).toBe('corrupt');
    expect(loadError(bytes.subarray(0, bytes.length - 100)).problem).toBe('corrupt');
  });

  it('refuse another file format version', () => {
    const bytes = trainRouter(toyOutcomes()).serialize().slice();
    bytes[4] = 9;
    const error = loadError(bytes);
    expect(error.problem).toBe('unsupported-version');
    expect(error.message).toMatch(/version 9/);
  });

  it('refuse a model made for another feature extractor', () => {
    const bytes = withHeader(trainRouter(toyOutcomes()).serialize(), (h) => {
      h.featureVersion = 99;
    });
    const error = loadError(bytes);
    expect(error.problem).toBe('feature-mismatch');
    expect(error.message).toMatch(/Retrain/);
  });

  it('refuse a file without a model the caller needs', () => {
    const error = loadError(trainRouter(toyOutcomes()).serialize(), [CHEAP, 'openai:gpt-4o']);
    expect(error.problem).toBe('missing-model');
    expect(error.message).toContain('openai:gpt-4o');
  });
});

describe('predictions over several models', () => {
  it('are the same for a model whether it is predicted alone or beside others (n = 1, 2, 3)', () => {
    const third = 'mock:third';
    const outcomes = [
      ...toyOutcomes().map((o) => ({ ...o, costUsd: o.model === CHEAP ? 0.001 : 0.01 })),
      ...toyOutcomes()
        .filter((o) => o.model === CHEAP)
        .map((o) => ({ ...o, model: third, score: 1 - o.score })),
    ];
    const options = { learningRate: 0.2, epochs: 5, seed: 3 };
    // A model's shuffle seed depends on its position, so CHEAP stays first in each.
    const alone = trainRouter(outcomes, { ...options, models: [CHEAP] });
    const two = trainRouter(outcomes, { ...options, models: [CHEAP, STRONG] });
    const three = trainRouter(outcomes, { ...options, models: [CHEAP, third, STRONG] });
    for (const text of prompts) {
      const c1 = new Float64Array(1);
      const c2 = new Float64Array(2);
      const c3 = new Float64Array(3);
      const p1 = alone.predictInto(text, undefined, c1);
      const p2 = two.predictInto(text, undefined, c2);
      const p3 = three.predictInto(text, undefined, c3);
      expect(p2[0]).toBe(p1[0]);
      expect(p3[0]).toBe(p1[0]);
      expect(c2[0]).toBe(c1[0]);
      expect(c3[0]).toBe(c1[0]);
      expect(c3[1]).toBeNaN(); // the third model's outcomes had no cost
      expect(c3[2]).not.toBeNaN();
      expect(p3[1]).not.toBe(p3[0]);
    }
  });
});
