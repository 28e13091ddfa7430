import type { ModelFacts } from '@switchyard/core';

const all = { tools: true, json: true, jsonSchema: true, streaming: true } as const;
const m1 = 1_048_576;

/**
 * Gemini models Switchyard knows, by family (versions such as `gemini-2.0-flash-001` and
 * channels such as `-preview-05-20` or `-latest` find their family), with input token limits as
 * the context window, output limits and capabilities from Google's model pages (2025). Correct or
 * extend it with `createGoogle({ models })` or the router's `modelInfo`.
 */
export const GOOGLE_MODELS: Readonly<Record<string, ModelFacts>> = {
  'gemini-3-pro': { contextWindow: m1, maxOutputTokens: 65_536, capabilities: all },
  'gemini-2.5-pro': { contextWindow: m1, maxOutputTokens: 65_536, capabilities: all },
  'gemini-2.5-flash': { contextWindow: m1, maxOutputTokens: 65_536, capabilities: all },
  'gemini-2.5-flash-lite': { contextWindow: m1, maxOutputTokens: 65_536, capabilities: all },
  'gemini-2.0-flash': { contextWindow: m1, maxOutputTokens: 8_192, capabilities: all },
  'gemini-2.0-flash-lite': { contextWindow: m1, maxOutputTokens: 8_192, capabilities: all },
  'gemini-1.5-pro': { contextWindow: 2_097_152, maxOutputTokens: 8_192, capabilities: all },
  'gemini-1.5-flash': { contextWindow: m1, maxOutputTokens: 8_192, capabilities: all },
  'gemini-1.5-flash-8b': { contextWindow: m1, maxOutputTokens: 8_192, capabilities: all },
};
