import type { Usage } from '@switchyard/core';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Maps Anthropic usage to Switchyard's. Anthropic's `input_tokens` leaves out the prompt tokens
 * read from the cache and written to it; Switchyard's `inputTokens` counts them, and reports them
 * apart as `cachedInputTokens` and `cacheWriteInputTokens`. When the answer took several sampling
 * iterations (`iterations`: compaction, advisor), the top-level counts cover only the last one:
 * what is billed, and reported, is the sum of the iterations. Thinking tokens
 * (`output_tokens_details.thinking_tokens`) are part of `outputTokens` and reported apart as
 * `reasoningTokens`; server-tool requests (`server_tool_use.web_search_requests`, ...) as
 * `serverToolRequests` (`webSearch`, ...). `undefined` for anything else.
 */
export function mapAnthropicUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const iterations = Array.isArray(usage.iterations) ? usage.iterations.filter(isObject) : [];
  const parts = iterations.length > 0 ? iterations : [usage];
  let fresh = 0;
  let outputTokens = 0;
  let read: number | undefined;
  let written: number | undefined;
  for (const part of parts) {
    fresh += count(part.input_tokens) ?? 0;
    outputTokens += count(part.output_tokens) ?? 0;
    const r = count(part.cache_read_input_tokens);
    const w = count(part.cache_creation_input_tokens);
    if (r !== undefined) read = (read ?? 0) + r;
    if (w !== undefined) written = (written ?? 0) + w;
  }
  const inputTokens = fresh + (read ?? 0) + (written ?? 0);
  const details = isObject(usage.output_tokens_details) ? usage.output_tokens_details : {};
  const thinking = count(details.thinking_tokens);
  const requests = serverToolRequests(usage.server_tool_use);
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    ...(read !== undefined && { cachedInputTokens: read }),
    ...(written !== undefined && { cacheWriteInputTokens: written }),
    ...(thinking !== undefined && { reasoningTokens: thinking }),
    ...(requests !== undefined && { serverToolRequests: requests }),
  };
}

// `{ web_search_requests: 2, web_fetch_requests: 1 }` -> `{ webSearch: 2, webFetch: 1 }`.
function serverToolRequests(raw: unknown): Record<string, number> | undefined {
  if (!isObject(raw)) return undefined;
  let out: Record<string, number> | undefined;
  for (const [key, value] of Object.entries(raw)) {
    const n = count(value);
    if (n === undefined || n === 0 || !key.endsWith('_requests')) continue;
    const kind = key
      .slice(0, -'_requests'.length)
      .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out ??= {};
    out[kind] = n;
  }
  return out;
}
