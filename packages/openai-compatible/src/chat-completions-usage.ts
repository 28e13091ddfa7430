import type { Usage } from '@switchyard/core';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Maps a chat-completions `usage` object: prompt tokens (cached ones included, and reported apart
 * from `prompt_tokens_details.cached_tokens`), completion tokens (reasoning tokens included, and
 * reported apart). `undefined` when `usage` is not a usage object.
 */
export function mapChatCompletionsUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const inputTokens = count(usage.prompt_tokens) ?? 0;
  const outputTokens = count(usage.completion_tokens) ?? 0;
  const cached = isObject(usage.prompt_tokens_details)
    ? count(usage.prompt_tokens_details.cached_tokens)
    : undefined;
  const reasoning = isObject(usage.completion_tokens_details)
    ? count(usage.completion_tokens_details.reasoning_tokens)
    : undefined;
  return {
    inputTokens,
    outputTokens,
    totalTokens: count(usage.total_tokens) ?? inputTokens + outputTokens,
    ...(cached !== undefined && { cachedInputTokens: cached }),
    ...(reasoning !== undefined && { reasoningTokens: reasoning }),
  };
}
