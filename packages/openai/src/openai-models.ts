import type { ModelFacts } from '@switchyard/core';

const full = { tools: true, json: true, jsonSchema: true, streaming: true } as const;
const noSchema = { tools: true, json: true, jsonSchema: false, streaming: true } as const;
// Text-only models: images in the request make the router skip them.
const textOnly = { ...noSchema, vision: false } as const;

const gpt4Turbo: ModelFacts = {
  contextWindow: 128_000,
  maxOutputTokens: 4_096,
  capabilities: noSchema,
};
// The GPT-4 Turbo previews came before vision (gpt-4-turbo-2024-04-09 added it).
const gpt4TurboPreview: ModelFacts = { ...gpt4Turbo, capabilities: textOnly };

/**
 * OpenAI chat models Switchyard knows, by family (dated snapshots such as `gpt-4o-2024-08-06`
 * find their family), with context windows, output limits and capabilities from OpenAI's model
 * pages (2025). Correct or extend it with `createOpenAI({ models })` or the router's `modelInfo`.
 */
export const OPENAI_MODELS: Readonly<Record<string, ModelFacts>> = {
  'gpt-5': { contextWindow: 400_000, maxOutputTokens: 128_000, capabilities: full },
  'gpt-5-mini': { contextWindow: 400_000, maxOutputTokens: 128_000, capabilities: full },
  'gpt-5-nano': { contextWindow: 400_000, maxOutputTokens: 128_000, capabilities: full },
  'gpt-4.1': { contextWindow: 1_047_576, maxOutputTokens: 32_768, capabilities: full },
  'gpt-4.1-mini': { contextWindow: 1_047_576, maxOutputTokens: 32_768, capabilities: full },
  'gpt-4.1-nano': { contextWindow: 1_047_576, maxOutputTokens: 32_768, capabilities: full },
  'gpt-4o': { contextWindow: 128_000, maxOutputTokens: 16_384, capabilities: full },
  // The first gpt-4o snapshot predates structured outputs and had a smaller output limit.
  'gpt-4o-2024-05-13': { contextWindow: 128_000, maxOutputTokens: 4_096, capabilities: noSchema },
  'gpt-4o-mini': { contextWindow: 128_000, maxOutputTokens: 16_384, capabilities: full },
  'gpt-4-turbo': gpt4Turbo,
  'gpt-4-turbo-preview': gpt4TurboPreview,
  'gpt-4-1106-preview': gpt4TurboPreview,
  'gpt-4-0125-preview': gpt4TurboPreview,
  'gpt-4': {
    contextWindow: 8_192,
    maxOutputTokens: 8_192,
    capabilities: { tools: true, json: false, jsonSchema: false, streaming: true, vision: false },
  },
  'gpt-3.5-turbo': { contextWindow: 16_385, maxOutputTokens: 4_096, capabilities: textOnly },
  o1: { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: full },
  'o1-mini': {
    contextWindow: 128_000,
    maxOutputTokens: 65_536,
    capabilities: { tools: false, json: false, jsonSchema: false, streaming: true, vision: false },
  },
  o3: { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: full },
  'o3-mini': {
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    capabilities: { ...full, vision: false },
  },
  'o4-mini': { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: full },
};
