import type { PriceEntry } from './model-price.js';

const OPENAI = 'https://openai.com/api/pricing (checked 2026-11-30)';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/pricing (checked 2026-11-30)';

/**
 * Embedding models (`router.embed`), US dollars per million input tokens; written by hand because
 * the generated chat table (`price-data.ts`) has no embedding models. Override with the router's
 * `prices` option.
 */
export const EMBEDDING_PRICES: Readonly<Record<string, PriceEntry>> = {
  'openai:text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0, source: OPENAI },
  'openai:text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0, source: OPENAI },
  'openai:text-embedding-ada-002': { inputPerMTok: 0.1, outputPerMTok: 0, source: OPENAI },
  'google:gemini-embedding-001': { inputPerMTok: 0.15, outputPerMTok: 0, source: GOOGLE },
  // Free of charge on the Gemini API (its pricing page lists no paid tier for it).
  'google:text-embedding-004': { inputPerMTok: 0, outputPerMTok: 0, source: GOOGLE },
};
