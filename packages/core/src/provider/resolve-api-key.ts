import { MISSING_API_KEY } from '../errors/fallback-on.js';
import { AuthError } from '../errors/provider-errors.js';
import { registerSecret } from '../errors/redact-secrets.js';

/** Where an adapter looks for its API key. */
export interface ResolveApiKeyOptions {
  /** The provider id, for the error message (`openai`). */
  readonly provider: string;
  /** The key the host passed; blank counts as absent. */
  readonly apiKey?: string | undefined;
  /** Environment variables to read, in order (`['GOOGLE_API_KEY', 'GEMINI_API_KEY']`). */
  readonly variables: readonly string[];
  /** The factory to name in the error message (`createOpenAI`). Defaults to none. */
  readonly factory?: string | undefined;
  /** Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Finds an adapter's API key: the one passed, else the first set variable. The key is registered
 * as a secret, so it is scrubbed from every Switchyard error. Without a key it throws an
 * `AuthError` (code `missing_api_key`) that names the variables to set, never a value; the
 * router's default `fallbackOn` then tries the next candidate.
 */
export function resolveApiKey(options: ResolveApiKeyOptions): string {
  let key = blankToUndefined(options.apiKey);
  if (key === undefined) {
    const env = options.env ?? process.env;
    for (const name of options.variables) {
      key = blankToUndefined(env[name]);
      if (key !== undefined) break;
    }
  }
  if (key === undefined) {
    const where = options.factory === undefined ? '' : ` to ${options.factory}()`;
    throw new AuthError(
      `${options.provider}: no API key. Set ${options.variables.join(' or ')}, or pass \`apiKey\`${where}.`,
      { provider: options.provider, code: MISSING_API_KEY },
    );
  }
  registerSecret(key);
  return key;
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
