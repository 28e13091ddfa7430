import { NoProviderAvailableError, SwitchyardError } from '@switchyard/core';

const KEY_VARIABLES: Record<string, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_API_KEY or GEMINI_API_KEY',
  groq: 'GROQ_API_KEY',
};

/**
 * A one-line hint when a vendor refused its API key (an `auth` error, alone or inside
 * `NoProviderAvailableError`), else `undefined`. Names the variable, never the key.
 */
export function wrongKeyHint(error: unknown): string | undefined {
  const errors = NoProviderAvailableError.isInstance(error) ? error.errors : [error];
  const refused = errors.find((e) => SwitchyardError.isInstance(e) && e.kind === 'auth');
  if (!SwitchyardError.isInstance(refused)) return undefined;
  const vendor = refused.provider ?? 'a vendor';
  const variable = KEY_VARIABLES[vendor] ?? 'its API key variable';
  const status = refused.status === undefined ? '' : ` (HTTP ${refused.status})`;
  return `${vendor} refused the key in ${variable}${status}: fix it, or unset it to run the demo on mock providers.`;
}
