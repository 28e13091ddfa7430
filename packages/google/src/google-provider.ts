import {
  type GenerateContentRequest,
  GoogleGenerativeAI,
  type RequestOptions,
} from '@google/generative-ai';
import {
  AbortError,
  ConfigError,
  type ConfigIssue,
  InFlightCalls,
  type ModelFactsOverride,
  type ModelInfo,
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
import {
  fromGeminiResponse,
  GOOGLE_VENDOR,
  type GoogleProviderMetadata,
  invalidAnswer,
  toGeminiRequest,
} from './google-chat.js';
import { embedWithGoogle } from './google-embed.js';
import { mapGoogleError } from './google-errors.js';
import { GOOGLE_MODELS } from './google-models.js';
import { GoogleStream } from './google-stream.js';

/** Options of {@link createGoogle}. */
export interface GoogleProviderOptions {
  /**
   * The API key. Defaults to the `GOOGLE_API_KEY` environment variable, else `GEMINI_API_KEY`,
   * read at the first call (a missing key then fails that call with an `AuthError` naming both).
   */
  readonly apiKey?: string | undefined;
  /**
   * The API's origin, without the API version (a trailing slash is removed). Defaults to the
   * `GOOGLE_GEMINI_BASE_URL` environment variable, read at the first call, else the SDK's
   * (Google's API).
   */
  readonly baseURL?: string | undefined;
  /** The API version in the path. Defaults to the SDK's (`v1beta`). */
  readonly apiVersion?: string | undefined;
  /** Headers sent with every request. Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Your own `GoogleGenerativeAI` client instead of one built from `apiKey` (which must then be
   * absent). The SDK keeps nothing else on its client, so `baseURL`, `apiVersion` and `headers`
   * still apply. Defaults to a client the adapter builds.
   */
  readonly client?: GoogleGenerativeAI | undefined;
  /** The provider id in model references (`google:gemini-2.5-flash`). Defaults to `"google"`. */
  readonly id?: string | undefined;
  /** Facts for models the adapter does not know, or corrections. Defaults to none. */
  readonly models?: Readonly<Record<string, ModelFactsOverride>> | undefined;
}

/**
 * Creates the Google provider: Gemini's `generateContent` through the official
 * `@google/generative-ai` SDK (which has no retries), every call abortable through its signal
 * (never the SDK's `timeout` option, whose timer outlives the call), system prompts in
 * `systemInstruction`, tool calls with stable synthetic ids, tool results matched by name, JSON
 * schemas converted to Gemini's subset, streams checked for Gemini's in-band error chunks and for
 * truncation, and errors mapped to the Switchyard taxonomy. Throws a `ConfigError` for
 * contradictory options.
 *
 * Thinking: a function call's `thoughtSignature` is kept as the tool call's `continuation`
 * (vendor `google`) and sent back on its `functionCall` part, as Gemini 3 requires in a tool loop;
 * a text part's signature as the response's `continuation`. Thought summaries (asked for with
 * `providerOptions: { google: { generationConfig: { thinkingConfig: { includeThoughts: true } } } }`)
 * come back as `reasoning` (streamed as `reasoning-delta`), thinking tokens as
 * `usage.reasoningTokens`; grounding, citation, URL-context metadata and code-execution parts in
 * `providerMetadata.google` ({@link GoogleProviderMetadata}).
 *
 * @example
 * const google = createGoogle({ apiKey: process.env.MY_GEMINI_KEY });
 * const router = createRouter({ providers: [google], models: { fast: 'google:gemini-2.5-flash' } });
 */
export function createGoogle(options: GoogleProviderOptions = {}): Provider {
  validate(options);
  const id = options.id ?? 'google';
  const lookup = modelLookup(GOOGLE_MODELS, options.models, 'google');
  const calls = new InFlightCalls();
  let client = options.client;
  if (client !== undefined) registerSecret(client.apiKey);
  let requestOptions: RequestOptions | undefined;

  function getClient(): GoogleGenerativeAI {
    client ??= new GoogleGenerativeAI(
      resolveApiKey({
        provider: id,
        apiKey: options.apiKey,
        variables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
        factory: 'createGoogle',
      }),
    );
    requestOptions ??= {
      ...withoutTrailingSlash(
        options.baseURL ?? blankToUndefined(process.env.GOOGLE_GEMINI_BASE_URL),
      ),
      ...(options.apiVersion !== undefined && { apiVersion: options.apiVersion }),
      ...(options.headers !== undefined && { customHeaders: { ...options.headers } }),
    };
    return client;
  }

  function modelFor(request: ProviderRequest) {
    const sdk = getClient();
    return sdk.getGenerativeModel({ model: request.model }, requestOptions);
  }

  function getModelInfo(model: string): ModelInfo | undefined {
    const info = lookup(model.replace(/^models\//, ''));
    return info === undefined ? undefined : { ...info, id: model };
  }

  async function chat(
    request: ProviderRequest,
    callOptions?: ProviderCallOptions,
  ): Promise<ProviderResponse> {
    const call = calls.begin(callOptions?.signal);
    const context = { provider: id, model: request.model, turn: request.messages.length };
    try {
      // The SDK listens for an abort but never looks at a signal that is already aborted.
      if (call.signal.aborted) throw call.signal.reason;
      const body = toGeminiRequest(request, id) as unknown as GenerateContentRequest;
      const result = await modelFor(request).generateContent(body, { signal: call.signal });
      return fromGeminiResponse(result.response, context);
    } catch (error) {
      throw mapGoogleError(error, { ...context, signal: call.signal });
    } finally {
      call.end();
    }
  }

  async function* stream(
    request: ProviderRequest,
    callOptions?: ProviderCallOptions,
  ): AsyncGenerator<ProviderStreamPart, void, undefined> {
    const call = calls.begin(callOptions?.signal);
    // The SDK does not stop reading when its stream is abandoned: this signal hangs up for it.
    const local = new AbortController();
    const hangUp = () => local.abort(call.signal.reason);
    if (call.signal.aborted) hangUp();
    else call.signal.addEventListener('abort', hangUp, { once: true });
    const context = { provider: id, model: request.model, turn: request.messages.length };
    const state = new GoogleStream(context);
    try {
      let chunks: AsyncIterable<unknown>;
      try {
        if (call.signal.aborted) throw call.signal.reason;
        const body = toGeminiRequest(request, id) as unknown as GenerateContentRequest;
        const result = await modelFor(request).generateContentStream(body, {
          signal: local.signal,
        });
        // The aggregated answer fails with the stream; unobserved, it would crash the process.
        result.response.catch(() => undefined);
        if (!isAsyncIterable(result.stream))
          throw invalidAnswer(context, 'the SDK did not return a stream');
        chunks = result.stream;
      } catch (error) {
        throw mapGoogleError(error, { ...context, signal: call.signal });
      }
      try {
        for await (const chunk of chunks) yield* state.push(chunk);
      } catch (error) {
        throw mapGoogleError(error, { ...context, signal: call.signal });
      }
      if (call.signal.aborted) throw mapGoogleError(undefined, { ...context, signal: call.signal });
      yield state.finish();
    } finally {
      call.signal.removeEventListener('abort', hangUp);
      local.abort();
      call.end();
    }
  }

  return {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    id,
    vendor: GOOGLE_VENDOR,
    getModelInfo,
    chat,
    stream,
    embed: (request, callOptions) =>
      embedWithGoogle(
        () => getClient().getGenerativeModel({ model: request.model }, requestOptions),
        id,
        request,
        callOptions,
      ),
    close() {
      calls.abortAll(new AbortError(`${id}: the provider was closed.`, { provider: id }));
    },
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

// The SDK appends `/${apiVersion}/...` to its base URL as it is: no trailing slash.
function withoutTrailingSlash(baseURL: string | undefined): { baseUrl?: string } {
  return baseURL === undefined ? {} : { baseUrl: baseURL.replace(/\/+$/, '') };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function validate(options: GoogleProviderOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('createGoogle options', [{ path: '', message: 'must be an object' }]);
  }
  const issues: ConfigIssue[] = [];
  if (options.client !== undefined && options.apiKey !== undefined) {
    issues.push({
      path: 'apiKey',
      message: 'cannot be combined with `client`: the client holds its key',
    });
  }
  for (const key of ['apiKey', 'baseURL', 'apiVersion', 'id'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
      issues.push({ path: key, message: 'must be a non-empty string' });
  }
  if (typeof options.baseURL === 'string' && !URL.canParse(options.baseURL))
    issues.push({ path: 'baseURL', message: 'must be an absolute URL' });
  if (issues.length > 0) throw new ConfigError('createGoogle options', issues);
}
