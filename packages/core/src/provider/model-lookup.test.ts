import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS } from '../usage/model-data.js';
import { modelLookup } from './model-lookup.js';

const caps = { tools: true, json: true, jsonSchema: true, streaming: true };
const known = {
  'gpt-4o': { contextWindow: 128_000, maxOutputTokens: 16_384, capabilities: caps },
  'gpt-4o-2024-05-13': {
    contextWindow: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...caps, jsonSchema: false },
  },
  'claude-3-5-sonnet': { contextWindow: 200_000, capabilities: caps },
  'gemini-1.5-pro': { contextWindow: 2_000_000, capabilities: caps },
};

describe('modelLookup', () => {
  it('finds a model by its exact id and reports the id asked for', () => {
    expect(modelLookup(known)('gpt-4o')).toEqual({
      id: 'gpt-4o',
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: caps,
    });
  });

  it('matches dated and versioned snapshots to their family', () => {
    const lookup = modelLookup(known);
    expect(lookup('gpt-4o-2024-08-06')).toMatchObject({
      id: 'gpt-4o-2024-08-06',
      contextWindow: 128_000,
    });
    expect(lookup('claude-3-5-sonnet-20241022')?.contextWindow).toBe(200_000);
    expect(lookup('claude-3-5-sonnet-latest')?.contextWindow).toBe(200_000);
    expect(lookup('gemini-1.5-pro-002')?.contextWindow).toBe(2_000_000);
  });

  it('prefers an exact snapshot entry over its family', () => {
    expect(modelLookup(known)('gpt-4o-2024-05-13')?.capabilities.jsonSchema).toBe(false);
  });

  it('returns undefined for unknown models, without stripping meaningful segments', () => {
    const lookup = modelLookup(known);
    expect(lookup('gpt-5')).toBeUndefined();
    expect(lookup('gpt-4o-mini')).toBeUndefined();
    expect(lookup('')).toBeUndefined();
  });

  it('merges host overrides over known models and accepts unknown ones', () => {
    const lookup = modelLookup(known, {
      'gpt-4o': { contextWindow: 64_000, capabilities: { tools: false } },
      'my-finetune': { contextWindow: 8_000, capabilities: { jsonSchema: false } },
      'no-facts': {},
    });
    expect(lookup('gpt-4o-2024-11-20')).toMatchObject({
      contextWindow: 64_000,
      maxOutputTokens: 16_384,
      capabilities: { ...caps, tools: false },
    });
    expect(lookup('my-finetune')).toMatchObject({
      contextWindow: 8_000,
      capabilities: { ...caps, jsonSchema: false },
    });
    expect(lookup('no-facts')?.contextWindow).toBe(Number.POSITIVE_INFINITY);
  });

  it('knows a newer model from the generated model data when given the vendor', () => {
    // BUILTIN_MODELS (from @pydantic/genai-prices) gives claude-sonnet-5 a 1M-token window.
    expect(BUILTIN_MODELS.entries['anthropic:claude-sonnet-5'].contextWindow).toBe(1_000_000);
    const withData = modelLookup(known, {}, 'anthropic');
    expect(withData('claude-sonnet-5')).toEqual({
      id: 'claude-sonnet-5',
      contextWindow: 1_000_000,
      capabilities: caps,
    });
    // The table still wins, and without the vendor the data is not consulted.
    expect(withData('claude-3-5-sonnet-20241022')?.contextWindow).toBe(200_000);
    expect(modelLookup(known)('claude-sonnet-5')).toBeUndefined();
    expect(withData('claude-nonexistent')).toBeUndefined();
  });
});
