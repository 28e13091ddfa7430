import type { AliasDefinition, Provider } from '@switchyard/core';

// A cheap model and a strong one per vendor; aliases list the configured vendors' models in turn,
// so the second vendor is the first one's fallback.
const MODELS: Record<string, { fast: string; strong: string }> = {
  openai: { fast: 'gpt-4o-mini', strong: 'gpt-4o' },
  anthropic: { fast: 'claude-haiku-4-5', strong: 'claude-opus-5-5' },
  google: { fast: 'gemini-2.5-flash', strong: 'gemini-2.5-pro' },
  groq: { fast: 'llama-3.1-8b-instant', strong: 'llama-3.3-70b-versatile' },
};

/** `fast` and `strong` aliases over the vendors that `providersFromEnv()` found. */
export function aliasesFor(providers: readonly Provider[]): Record<string, AliasDefinition> {
  const known = providers.filter((p) => MODELS[p.id] !== undefined);
  return {
    fast: known.map((p) => `${p.id}:${MODELS[p.id]?.fast}`),
    strong: known.map((p) => `${p.id}:${MODELS[p.id]?.strong}`),
  };
}
