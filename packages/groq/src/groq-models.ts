import type { ModelFacts } from '@switchyard/core';

const withSchema = { tools: true, json: true, jsonSchema: true, streaming: true } as const;
// Only the Llama 4 models take images on Groq; the others are text-only (vision: false).
const textWithSchema = { ...withSchema, vision: false } as const;
const noSchema = {
  tools: true,
  json: true,
  jsonSchema: false,
  streaming: true,
  vision: false,
} as const;

/**
 * Groq chat models Switchyard knows, with context windows, output limits and capabilities from
 * Groq's model pages (2025; structured outputs with `json_schema` only on the models Groq lists
 * for it). Groq retires models often: correct or extend this with `createGroq({ models })` or
 * the router's `modelInfo`.
 */
export const GROQ_MODELS: Readonly<Record<string, ModelFacts>> = {
  'llama-3.1-8b-instant': {
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    capabilities: noSchema,
  },
  'llama-3.3-70b-versatile': {
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    capabilities: noSchema,
  },
  'meta-llama/llama-4-scout-17b-16e-instruct': {
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: withSchema,
  },
  'meta-llama/llama-4-maverick-17b-128e-instruct': {
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    capabilities: withSchema,
  },
  'openai/gpt-oss-120b': {
    contextWindow: 131_072,
    maxOutputTokens: 65_536,
    capabilities: textWithSchema,
  },
  'openai/gpt-oss-20b': {
    contextWindow: 131_072,
    maxOutputTokens: 65_536,
    capabilities: textWithSchema,
  },
  'moonshotai/kimi-k2-instruct': {
    contextWindow: 131_072,
    maxOutputTokens: 16_384,
    capabilities: noSchema,
  },
  'moonshotai/kimi-k2-instruct-0905': {
    contextWindow: 262_144,
    maxOutputTokens: 16_384,
    capabilities: textWithSchema,
  },
  'qwen/qwen3-32b': { contextWindow: 131_072, maxOutputTokens: 40_960, capabilities: noSchema },
  // Retired or retiring on Groq; kept so older configurations still get their facts.
  'gemma2-9b-it': { contextWindow: 8_192, maxOutputTokens: 8_192, capabilities: noSchema },
  'mixtral-8x7b-32768': { contextWindow: 32_768, maxOutputTokens: 32_768, capabilities: noSchema },
  'llama3-70b-8192': { contextWindow: 8_192, maxOutputTokens: 8_192, capabilities: noSchema },
  'llama3-8b-8192': { contextWindow: 8_192, maxOutputTokens: 8_192, capabilities: noSchema },
};
