import Anthropic from '@anthropic-ai/sdk';
import {
  AbortError,
  ConfigError,
  type ConfigIssue,
  InFlightCalls,
  type ModelFactsOverride,
  modelLookup,
  PROVIDER_SPECIFICATION_VERSION,
  type Provider,
  type ProviderCallOptions,
  type ProviderRequest,
  type ProviderResponse,
  type ProviderStreamPart,
  registerSecret,
  resolveApiKey,
} from '@switchyard/core';
import { mapAnthropicError } from './anthropic-errors.js';
import { ANTHROPIC_MODELS, needsSchemaTool } from './anthropic-models.js';
import type { AnthropicProviderMetadata } from './anthropic-reasoning.js';
import { ANTHROPIC_VENDOR } from './anthropic-reasoning.js';
import { toAnthropicBody } from './anthropic-request.js';
import { fromAnthropicMessage, invalidAnswer } from './anthropic-response.js';
import { AnthropicStream } from './anthropic-stream.js';

/** Options of {@link createAnthropic}. */
export interface AnthropicProviderOptions {
  /**
   * The API key. Defaults to the `ANTHROPIC_API_KEY` environment variable, read at the first call
   * (a missing key then fails that call with an `AuthError` naming the variable).
   */
  readonly apiKey?: string | undefined;
  /**
   * The API's base URL, without `/v1`. Defaults to the SDK's (`ANTHROPIC_BASE_URL`, else
   * Anthropic's API).
   */
  readonly baseURL?: string | undefined;
  /** Headers sent with every request (`anthropic-beta`). Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Your own `Anthropic` client instead of one built from the options above (which must then be
   * absent). The adapter calls a copy of it (`withOptions({})`, which makes its timeout explicit)
   * with `maxRetries: 0` and the call's abort signal; its settings stay yours and `close()` leaves
   * it alone. Defaults to a client the adapter builds.
   */
  readonly client?: Anthropic | undefined;
  /** The provider id in model references (`anthropic:claude-haiku-4-5`). Defaults to `"anthropic"`. */
  readonly id?: string | undefined;
  /** Facts for models the adapter does not know, or corrections. Defaults to none. */
  readonly models?: Readonly<Record<string, ModelFactsOverride>> | undefined;
  /**
   * `max_tokens` for a request that sets no `maxTokens` (Anthropic requires one), capped by the
   * model's output limit. Defaults to 4096.
   */
  readonly defaultMaxTokens?: number | undefined;
}

/** `max_tokens` when neither the request nor the options say: see docs/decisions/011. */
const DEFAULT_MAX_TOKENS = 4_096;
/** The SDK's own default timeout (10 min), set explicitly so that it never computes one. */
const SDK_TIMEOUT_MS = 600_000;
const OWN_CLIENT_OPTIONS = ['apiKey', 'baseURL', 'headers'] as const;

/**
 * Creates the Anthropic provider: the Messages API through the official `@anthropic-ai/sdk`, with
 * the SDK's retries off (the router retries), every call abortable through its signal, system
 * prompts in `system`, merged turns, tool results as `tool_result` blocks, JSON schemas through
 * `output_config`, a `max_tokens` default, usage with cache reads and writes, and errors mapped to
 * the Switchyard taxonomy. Throws a `ConfigError` for contradictory options.
 *
 * Extended thinking (turned on with `providerOptions: { anthropic: { thinking: { type: 'enabled',
 * budget_tokens: 2048 } } }`) comes back as `reasoning` (streamed as `reasoning-delta`), its signed
 * thinking blocks as `continuation` (vendor `anthropic`), which the adapter sends back first in
 * the assistant turn, as Claude requires before `tool_use`. Citations and server-tool blocks are
 * in `providerMetadata.anthropic` ({@link AnthropicProviderMetadata}); thinking tokens, summed
 * sampling iterations and server-tool requests (`webSearch`, `webFetch`) are in `usage`.
 *
 * @example
 * const anthropic = createAnthropic({ apiKey: process.env.MY_ANTHROPIC_KEY });
 * const router = createRouter({ providers: [anthropic], models: { fast: 'anthropic:claude-haiku-4-5' } });
 */
export function createAnthropic(options: AnthropicProviderOptions = {}): Provider {
  validate(options);
  const id = options.id ?? 'anthropic';
  const lookup = modelLookup(ANTHROPIC_MODELS, options.models, 'anthropic');
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  const calls = new InFlightCalls();
  const host = options.client;
  if (host !== undefined) {
    registerSecret(host.apiKey);
    registerSecret(host.authToken);
  }
  let client: Anthropic | undefined;

  // Without an explicit client timeout, `messages.create` refuses a large `max_tokens` before
  // sending anything ("Streaming is required"); SDKs before 0.117 ignore a per-call timeout
  // there. A copy of the host's client has its timeout set explicitly; ours is built with one.
  function getClient(): Anthropic {
    client ??=
      host?.withOptions({}) ??
      new Anthropic({
        // Always given: without a key, SDK 1.x goes looking for credential profiles on disk.
        apiKey: resolveApiKey({
          provider: id,
          apiKey: options.apiKey,
          variables: ['ANTHROPIC_API_KEY'],
          factory: 'createAnthropic',
        }),
        baseURL: options.baseURL,
        defaultHeaders: options.headers,
        maxRetries: 0,
        timeout: SDK_TIMEOUT_MS,
      });
    return client;
  }

  function bodyFor(request: ProviderRequest, stream: boolean) {
    const limit = lookup(request.model)?.maxOutputTokens;
    return toAnthropicBody(request, {
      provider: id,
      stream,
      maxTokens: limit === undefined ? defaultMaxTokens : Math.min(defaultMaxTokens, limit),
      schemaTool: needsSchemaTool(request.model),
    });
  }

  function send(body: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    return getClient().messages.create(body as unknown as Anthropic.MessageCreateParams, {
      signal,
      maxRetries: 0,
    });
  }

  async function chat(
    request: ProviderRequest,
    callOptions?: ProviderCallOptions,
  ): Promise<ProviderResponse> {
    const call = calls.begin(callOptions?.signal);
    const context = { provider: id, model: request.model };
    try {
      const { body, jsonTool } = bodyFor(request, false);
      return fromAnthropicMessage(await send(body, call.signal), context, jsonTool);
    } catch (error) {
      throw mapAnthropicError(error, { ...context, signal: call.signal });
    } finally {
      call.end();
    }
  }

  async function* stream(
    request: ProviderRequest,
    callOptions?: ProviderCallOptions,
  ): AsyncGenerator<ProviderStreamPart, void, undefined> {
    const call = calls.begin(callOptions?.signal);
    const context = { provider: id, model: request.model };
    try {
      let events: AsyncIterable<unknown>;
      let state: AnthropicStream;
      try {
        const { body, jsonTool } = bodyFor(request, true);
        state = new AnthropicStream(context, jsonTool);
        const result = await send(body, call.signal);
        if (!isAsyncIterable(result))
          throw invalidAnswer(context, 'the SDK did not return a stream');
        events = result;
      } catch (error) {
        throw mapAnthropicError(error, { ...context, signal: call.signal });
      }
      try {
        for await (const event of events) yield* state.push(event);
      } catch (error) {
        throw mapAnthropicError(error, { ...context, signal: call.signal });
      }
      // The SDK ends its iterator quietly when its signal aborts: that is an abort, not an end.
      if (call.signal.aborted)
        throw mapAnthropicError(undefined, { ...context, signal: call.signal });
      yield state.finish();
    } finally {
      call.end();
    }
  }

  return {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    id,
    vendor: ANTHROPIC_VENDOR,
    getModelInfo: lookup,
    chat,
    stream,
    close() {
      calls.abortAll(new AbortError(`${id}: the provider was closed.`, { provider: id }));
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function validate(options: AnthropicProviderOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('createAnthropic options', [{ path: '', message: 'must be an object' }]);
  }
  const issues: ConfigIssue[] = [];
  if (options.client !== undefined) {
    for (const key of OWN_CLIENT_OPTIONS) {
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
  const max = options.defaultMaxTokens;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1))
    issues.push({ path: 'defaultMaxTokens', message: 'must be a positive integer' });
  if (issues.length > 0) throw new ConfigError('createAnthropic options', issues);
}
