import type { Usage } from '@switchyard/core';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Maps a chat-completions `usage` object: prompt tokens (cached ones included, and reported apart
 * from `prompt_tokens_details.cached_tokens`), completion tokens (reasoning tokens included, and
 * reported apart). With `reasoning: 'separate'` (xAI), `completion_tokens` leaves the reasoning
 * tokens out and they are added to `outputTokens`. `undefined` when `usage` is not a usage object.
 */
export function mapChatCompletionsUsage(
  usage: unknown,
  reasoningTokens: 'included' | 'separate' = 'included',
): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const inputTokens = count(usage.prompt_tokens) ?? 0;
  const completion = count(usage.completion_tokens) ?? 0;
  const cached = isObject(usage.prompt_tokens_details)
    ? count(usage.prompt_tokens_details.cached_tokens)
    : undefined;
  const reasoning = isObject(usage.completion_tokens_details)
    ? count(usage.completion_tokens_details.reasoning_tokens)
    : undefined;
  const outputTokens = reasoningTokens === 'separate' ? completion + (reasoning ?? 0) : completion;
  return {
    inputTokens,
    outputTokens,
    totalTokens: count(usage.total_tokens) ?? inputTokens + outputTokens,
    ...(cached !== undefined && { cachedInputTokens: cached }),
    ...(reasoning !== undefined && { reasoningTokens: reasoning }),
  };
}
