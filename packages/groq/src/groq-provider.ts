import {
  ConfigError,
  type ConfigIssue,
  type ModelFactsOverride,
  modelLookup,
  type Provider,
  registerSecret,
  resolveApiKey,
} from '@switchyard/core';
import { createChatCompletionsProvider } from '@switchyard/openai-compatible';
import Groq from 'groq-sdk';
import { GROQ_MODELS } from './groq-models.js';

/** Options of {@link createGroq}. */
export interface GroqProviderOptions {
  /**
   * The API key. Defaults to the `GROQ_API_KEY` environment variable, read at the first call
   * (a missing key then fails that call with an `AuthError` naming the variable).
   */
  readonly apiKey?: string | undefined;
  /** The API's base URL, without `/openai/v1`. Defaults to the SDK's (`GROQ_BASE_URL`, else Groq's API). */
  readonly baseURL?: string | undefined;
  /** Headers sent with every request. Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Your own `Groq` client instead of one built from the options above (which must then be
   * absent). Its settings stay yours, except that every call runs with `maxRetries: 0` and the
   * call's abort signal; `close()` leaves it alone. Defaults to a client the adapter builds.
   */
  readonly client?: Groq | undefined;
  /** The provider id in model references (`groq:llama-3.3-70b-versatile`). Defaults to `"groq"`. */
  readonly id?: string | undefined;
  /** Facts for models the adapter does not know, or corrections. Defaults to none. */
  readonly models?: Readonly<Record<string, ModelFactsOverride>> | undefined;
}

type Chunk = Readonly<Record<string, unknown>>;
const xGroq = (chunk: Chunk): Record<string, unknown> | undefined =>
  typeof chunk.x_groq === 'object' && chunk.x_groq !== null
    ? (chunk.x_groq as Record<string, unknown>)
    : undefined;

/**
 * Creates the Groq provider: chat completions through the official `groq-sdk`, with the SDK's
 * retries off (the router retries), every call abortable through its signal, streamed usage read
 * from `x_groq.usage`, a stream stopped by `x_groq.error` raised as a typed error, JSON-schema
 * output, tools, and errors mapped to the Switchyard taxonomy. Throws a `ConfigError` for
 * contradictory options.
 *
 * @example
 * const groq = createGroq();
 * const router = createRouter({ providers: [groq], models: { fast: 'groq:llama-3.1-8b-instant' } });
 */
export function createGroq(options: GroqProviderOptions = {}): Provider {
  validate(options);
  const id = options.id ?? 'groq';
  const lookup = modelLookup(GROQ_MODELS, options.models, 'groq');
  let client = options.client;
  if (client !== undefined) registerSecret(client.apiKey);

  function getClient(): Groq {
    client ??= new Groq({
      apiKey: resolveApiKey({
        provider: id,
        apiKey: options.apiKey,
        variables: ['GROQ_API_KEY'],
        factory: 'createGroq',
      }),
      baseURL: options.baseURL,
      defaultHeaders: options.headers,
      maxRetries: 0,
    });
    return client;
  }

  return createChatCompletionsProvider({
    id,
    getModelInfo: lookup,
    dialect: {
      maxTokensField: 'max_completion_tokens',
      // Groq reports a stream's usage in `x_groq.usage` on its last chunk, unasked.
      streamUsage: (chunk) => xGroq(chunk)?.usage ?? chunk.usage,
      streamChunkError: (chunk) => {
        const error = xGroq(chunk)?.error;
        return typeof error === 'string' && error !== '' ? error : undefined;
      },
      requireStreamUsage: true,
    },
    send: (body, signal) =>
      getClient().chat.completions.create(
        body as unknown as Parameters<Groq['chat']['completions']['create']>[0],
        {
          signal,
          maxRetries: 0,
        },
      ),
  });
}

function validate(options: GroqProviderOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('createGroq options', [{ path: '', message: 'must be an object' }]);
  }
  const issues: ConfigIssue[] = [];
  if (options.client !== undefined) {
    for (const key of ['apiKey', 'baseURL', 'headers'] as const) {
      if (options[key] !== undefined)
        issues.push({
          path: key,
          message: 'cannot be combined with `client`: configure your client instead',
        });
    }
  }
  for (const key of ['apiKey', 'baseURL', 'id'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
      issues.push({ path: key, message: 'must be a non-empty string' });
  }
  if (typeof options.baseURL === 'string' && !URL.canParse(options.baseURL))
    issues.push({ path: 'baseURL', message: 'must be an absolute URL' });
  if (issues.length > 0) throw new ConfigError('createGroq options', issues);
}
