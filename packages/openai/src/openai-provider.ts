import {
  ConfigError,
  type ConfigIssue,
  type ModelFactsOverride,
  type ModelInfo,
  modelLookup,
  type Provider,
  registerSecret,
  resolveApiKey,
} from '@switchyard/core';
import { createChatCompletionsProvider } from '@switchyard/openai-compatible';
import OpenAI from 'openai';
import { embedWithOpenAI } from './openai-embed.js';
import { OPENAI_MODELS } from './openai-models.js';

/** Options of {@link createOpenAI}. */
export interface OpenAIProviderOptions {
  /**
   * The API key. Defaults to the `OPENAI_API_KEY` environment variable, read at the first call
   * (a missing key then fails that call with an `AuthError` naming the variable).
   */
  readonly apiKey?: string | undefined;
  /** The API's base URL, `/v1` included. Defaults to the SDK's (`OPENAI_BASE_URL`, else OpenAI's API). */
  readonly baseURL?: string | undefined;
  /** The OpenAI organization id. Defaults to the SDK's (`OPENAI_ORG_ID`, else none). */
  readonly organization?: string | undefined;
  /** The OpenAI project id. Defaults to the SDK's (`OPENAI_PROJECT_ID`, else none). */
  readonly project?: string | undefined;
  /** Headers sent with every request. Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Your own `OpenAI` client instead of one built from the options above (which must then be
   * absent). Its settings stay yours, except that every call runs with `maxRetries: 0` and the
   * call's abort signal; `close()` leaves it alone. Defaults to a client the adapter builds.
   */
  readonly client?: OpenAI | undefined;
  /** The provider id in model references (`openai:gpt-4o-mini`). Defaults to `"openai"`. */
  readonly id?: string | undefined;
  /** Facts for models the adapter does not know, or corrections. Defaults to none. */
  readonly models?: Readonly<Record<string, ModelFactsOverride>> | undefined;
  /**
   * Where the server counts reasoning tokens: `'included'` in `completion_tokens` (OpenAI,
   * DeepSeek) or `'separate'`, beside them (xAI's `https://api.x.ai/v1`), in which case they are
   * added to `usage.outputTokens`. Defaults to `'included'`.
   */
  readonly reasoningTokens?: 'included' | 'separate' | undefined;
}

const OWN_CLIENT_OPTIONS = ['apiKey', 'baseURL', 'organization', 'project', 'headers'] as const;

/**
 * Creates the OpenAI provider: chat completions through the official `openai` SDK, with the
 * SDK's retries off (the router retries), every call abortable through its signal, usage in
 * streams (`stream_options.include_usage`), JSON-schema output, tools, image parts, embeddings
 * (`router.embed` with `openai:text-embedding-3-small`, ...), and errors mapped to the Switchyard
 * taxonomy. Throws a `ConfigError` for contradictory options.
 *
 * @example
 * const openai = createOpenAI({ apiKey: process.env.MY_OPENAI_KEY });
 * const router = createRouter({ providers: [openai], models: { fast: 'openai:gpt-4o-mini' } });
 */
export function createOpenAI(options: OpenAIProviderOptions = {}): Provider {
  validate(options);
  const id = options.id ?? 'openai';
  const lookup = modelLookup(OPENAI_MODELS, options.models, 'openai');
  let client = options.client;
  if (client !== undefined) registerSecret(client.apiKey);

  function getClient(): OpenAI {
    client ??= new OpenAI({
      apiKey: resolveApiKey({
        provider: id,
        apiKey: options.apiKey,
        variables: ['OPENAI_API_KEY'],
        factory: 'createOpenAI',
      }),
      baseURL: options.baseURL,
      organization: options.organization,
      project: options.project,
      defaultHeaders: options.headers,
      maxRetries: 0,
    });
    return client;
  }

  const provider = createChatCompletionsProvider({
    id,
    getModelInfo: (model) => lookup(model) ?? fineTunedBase(model, lookup),
    dialect: {
      maxTokensField: 'max_completion_tokens',
      streamUsageOption: true,
      requireStreamUsage: true,
      reasoningTokens: options.reasoningTokens,
    },
    send: (body, signal) =>
      getClient().chat.completions.create(
        body as unknown as OpenAI.Chat.ChatCompletionCreateParams,
        { signal, maxRetries: 0 },
      ),
  });
  return {
    ...provider,
    embed: (request, callOptions) => embedWithOpenAI(getClient, id, request, callOptions),
  };
}

// A fine-tuned model (`ft:gpt-4o-mini-2024-07-18:org::abc123`) has its base model's facts.
function fineTunedBase(
  model: string,
  lookup: (model: string) => ModelInfo | undefined,
): ModelInfo | undefined {
  const base = /^ft:([^:]+):/.exec(model)?.[1];
  const info = base === undefined ? undefined : lookup(base);
  return info === undefined ? undefined : { ...info, id: model };
}

function validate(options: OpenAIProviderOptions): void {
  const issues: ConfigIssue[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('createOpenAI options', [{ path: '', message: 'must be an object' }]);
  }
  if (options.client !== undefined) {
    for (const key of OWN_CLIENT_OPTIONS) {
      if (options[key] !== undefined)
        issues.push({
          path: key,
          message: 'cannot be combined with `client`: configure your client instead',
        });
    }
  }
  for (const key of ['apiKey', 'baseURL', 'organization', 'project', 'id'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
      issues.push({ path: key, message: 'must be a non-empty string' });
  }
  if (typeof options.baseURL === 'string' && !URL.canParse(options.baseURL))
    issues.push({ path: 'baseURL', message: 'must be an absolute URL' });
  const reasoning = options.reasoningTokens;
  if (reasoning !== undefined && reasoning !== 'included' && reasoning !== 'separate')
    issues.push({ path: 'reasoningTokens', message: 'must be "included" or "separate"' });
  if (issues.length > 0) throw new ConfigError('createOpenAI options', issues);
}
