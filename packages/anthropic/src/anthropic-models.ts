import { type ModelFacts, modelLookup } from '@switchyard/core';

const all = { tools: true, json: true, jsonSchema: true, streaming: true } as const;
const k200 = 200_000;

/**
 * Claude models Switchyard knows, by family (dated snapshots such as
 * `claude-sonnet-4-5-20250929` and `-latest` aliases find their family), with context windows,
 * output limits and capabilities from Anthropic's model pages (2025). Every model takes a JSON
 * schema: natively through `output_config` where the model has structured outputs, through a
 * forced tool call on the older ones. Correct or extend it with `createAnthropic({ models })` or
 * the router's `modelInfo`; newer models than these are unknown to it.
 */
export const ANTHROPIC_MODELS: Readonly<Record<string, ModelFacts>> = {
  'claude-opus-4-5': { contextWindow: k200, maxOutputTokens: 64_000, capabilities: all },
  'claude-opus-4-1': { contextWindow: k200, maxOutputTokens: 32_000, capabilities: all },
  'claude-opus-4-0': { contextWindow: k200, maxOutputTokens: 32_000, capabilities: all },
  // `claude-opus-4-20250514` loses its date and becomes this.
  'claude-opus-4': { contextWindow: k200, maxOutputTokens: 32_000, capabilities: all },
  'claude-sonnet-4-5': { contextWindow: k200, maxOutputTokens: 64_000, capabilities: all },
  'claude-sonnet-4-0': { contextWindow: k200, maxOutputTokens: 64_000, capabilities: all },
  'claude-sonnet-4': { contextWindow: k200, maxOutputTokens: 64_000, capabilities: all },
  'claude-haiku-4-5': { contextWindow: k200, maxOutputTokens: 64_000, capabilities: all },
  'claude-3-7-sonnet': { contextWindow: k200, maxOutputTokens: 64_000, capabilities: all },
  'claude-3-5-sonnet': { contextWindow: k200, maxOutputTokens: 8_192, capabilities: all },
  // Claude 3.5 Haiku takes text only.
  'claude-3-5-haiku': {
    contextWindow: k200,
    maxOutputTokens: 8_192,
    capabilities: { ...all, vision: false },
  },
  'claude-3-opus': { contextWindow: k200, maxOutputTokens: 4_096, capabilities: all },
  'claude-3-haiku': { contextWindow: k200, maxOutputTokens: 4_096, capabilities: all },
};

// Models that predate structured outputs (`output_config.format`, November 2025): a JSON schema
// goes to them as a forced tool call instead.
const withoutStructuredOutputs = modelLookup(
  Object.fromEntries(
    [
      'claude-opus-4-0',
      'claude-opus-4',
      'claude-sonnet-4-0',
      'claude-sonnet-4',
      'claude-3-7-sonnet',
      'claude-3-5-sonnet',
      'claude-3-5-haiku',
      'claude-3-opus',
      'claude-3-haiku',
    ].map((id) => [id, ANTHROPIC_MODELS[id] as ModelFacts]),
  ),
);

/** @internal Whether a JSON schema must go to `model` as a forced tool call. */
export function needsSchemaTool(model: string): boolean {
  return withoutStructuredOutputs(model) !== undefined;
}
