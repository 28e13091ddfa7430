import type { PriceEntry } from './model-price.js';

const OPENAI =
  'platform.openai.com/docs/pricing (standard tier), cross-checked with third-party copies dated 2026-03 to 2026-06';
const ANTHROPIC =
  'docs.anthropic.com/en/docs/about-claude/pricing (cache hits = cached input, 5-minute cache writes)';
const GOOGLE = 'ai.google.dev/gemini-api/docs/pricing (standard tier, prompts up to 200K tokens)';
const GROQ = 'groq.com/pricing as last seen in 2025; not re-verified from this machine';

const openai = (input: number, output: number, cached: number): PriceEntry => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cachedInputPerMTok: cached,
  source: OPENAI,
});
const anthropic = (input: number, output: number): PriceEntry => ({
  inputPerMTok: input,
  outputPerMTok: output,
  // Anthropic bills cache hits at 10 % and 5-minute cache writes at 125 % of the input rate.
  cachedInputPerMTok: input * 0.1,
  cacheWritePerMTok: input * 1.25,
  // Web search: $10 per 1,000 searches; web fetch costs only its tokens.
  perRequestUsd: { webSearch: 0.01 },
  source: ANTHROPIC,
});
const google = (input: number, output: number, cached: number): PriceEntry => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cachedInputPerMTok: cached,
  source: GOOGLE,
});
const groq = (input: number, output: number): PriceEntry => ({
  inputPerMTok: input,
  outputPerMTok: output,
  source: GROQ,
});

/**
 * The built-in price table, US dollars per million tokens, keyed by `provider:model` for the
 * models the adapters know. Long-context surcharges (Gemini 2.5 Pro above 200K tokens) and batch
 * or priority tiers are not modelled. Override or extend it with the router's `prices` option.
 */
export const BUILTIN_PRICES = {
  /** When the figures were last checked. */
  checkedOn: '2026-11-21',
  currency: 'USD',
  entries: {
    'openai:gpt-5': openai(1.25, 10, 0.125),
    'openai:gpt-5-mini': openai(0.25, 2, 0.025),
    'openai:gpt-5-nano': openai(0.05, 0.4, 0.005),
    'openai:gpt-4.1': openai(2, 8, 0.5),
    'openai:gpt-4.1-mini': openai(0.4, 1.6, 0.1),
    'openai:gpt-4.1-nano': openai(0.1, 0.4, 0.025),
    'openai:gpt-4o': openai(2.5, 10, 1.25),
    'openai:gpt-4o-mini': openai(0.15, 0.6, 0.075),
    'openai:o3': openai(2, 8, 0.5),
    'openai:o3-mini': openai(1.1, 4.4, 0.55),
    'openai:o4-mini': openai(1.1, 4.4, 0.275),
    'openai:gpt-3.5-turbo': openai(0.5, 1.5, 0.5),
    'anthropic:claude-opus-4-5': anthropic(5, 25),
    'anthropic:claude-opus-4-1': anthropic(15, 75),
    'anthropic:claude-opus-4-0': anthropic(15, 75),
    'anthropic:claude-sonnet-4-5': anthropic(3, 15),
    'anthropic:claude-sonnet-4-0': anthropic(3, 15),
    'anthropic:claude-3-7-sonnet': anthropic(3, 15),
    'anthropic:claude-3-5-sonnet': anthropic(3, 15),
    'anthropic:claude-haiku-4-5': anthropic(1, 5),
    'anthropic:claude-3-5-haiku': anthropic(0.8, 4),
    'anthropic:claude-3-haiku': anthropic(0.25, 1.25),
    'google:gemini-2.5-pro': google(1.25, 10, 0.31),
    'google:gemini-2.5-flash': google(0.3, 2.5, 0.075),
    'google:gemini-2.5-flash-lite': google(0.1, 0.4, 0.025),
    'google:gemini-2.0-flash': google(0.1, 0.4, 0.025),
    'google:gemini-2.0-flash-lite': google(0.075, 0.3, 0.075),
    'google:gemini-1.5-flash': google(0.075, 0.3, 0.01875),
    'google:gemini-1.5-pro': google(1.25, 5, 0.3125),
    'groq:llama-3.3-70b-versatile': groq(0.59, 0.79),
    'groq:llama-3.1-8b-instant': groq(0.05, 0.08),
    'groq:meta-llama/llama-4-scout-17b-16e-instruct': groq(0.11, 0.34),
    'groq:meta-llama/llama-4-maverick-17b-128e-instruct': groq(0.2, 0.6),
    'groq:gemma2-9b-it': groq(0.2, 0.2),
    'groq:mixtral-8x7b-32768': groq(0.24, 0.24),
    // Embedding models (`router.embed`): input tokens only.
    'openai:text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0, source: OPENAI },
    'openai:text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0, source: OPENAI },
    'openai:text-embedding-ada-002': { inputPerMTok: 0.1, outputPerMTok: 0, source: OPENAI },
    'google:gemini-embedding-001': { inputPerMTok: 0.15, outputPerMTok: 0, source: GOOGLE },
    // Free of charge on the Gemini API (its pricing page lists no paid tier for it).
    'google:text-embedding-004': { inputPerMTok: 0, outputPerMTok: 0, source: GOOGLE },
  } satisfies Record<string, PriceEntry>,
} as const;
