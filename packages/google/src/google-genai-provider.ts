import { GoogleGenAI, type HttpOptions } from '@google/genai';
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
  invalidAnswer,
  toGeminiRequest,
} from './google-chat.js';
import { mapGoogleGenAIError, streamErrorFrame } from './google-genai-errors.js';
import { toGenAIParams } from './google-genai-request.js';
import { GOOGLE_MODELS } from './google-models.js';
import { GoogleStream } from './google-stream.js';

/** Options of {@link createGoogleGenAI}. */
export interface GoogleGenAIProviderOptions {
  /**
   * The API key. Defaults to the `GOOGLE_API_KEY` environment variable, else `GEMINI_API_KEY`,
   * read at the first call (a missing key then fails that call with an `AuthError` naming both).
   */
  readonly apiKey?: string | undefined;
  /**
   * The API's origin, without the API version. Defaults to the `GOOGLE_GEMINI_BASE_URL`
   * environment variable, read at the first call, else the SDK's (Google's API).
   */
  readonly baseURL?: string | undefined;
  /** The API version in the path. Defaults to the SDK's (`v1beta`). */
  readonly apiVersion?: string | undefined;
  /** Headers sent with every request. Defaults to none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Your own `GoogleGenAI` client (Gemini API, not Vertex AI) instead of one built from `apiKey`
   * (which must then be absent). `baseURL`, `apiVersion` and `headers` still apply, per call.
   * Leave its `httpOptions.retryOptions` and `timeout` unset: the router owns retries and
   * deadlines. Defaults to a client the adapter builds.
   */
  readonly client?: GoogleGenAI | undefined;
  /** The provider id in model references (`google:gemini-2.5-flash`). Defaults to `"google"`. */
  readonly id?: string | undefined;
  /** Facts for models the adapter does not know, or corrections. Defaults to none. */
  readonly models?: Readonly<Record<string, ModelFactsOverride>> | undefined;
}

/**
 * Creates the Google provider on Google's current SDK, `@google/genai` (Gemini API): the same
 * requests, answers, tool calls, thinking, metadata and errors as `createGoogle()` (which uses the
 * deprecated `@google/generative-ai`), so the two are interchangeable. The SDK is used without its
 * retries (off unless a client sets `retryOptions`), its timeout, its automatic function calling
 * or its automatic continuation; every call is abortable through its signal, and a stream the
 * caller abandons is aborted (the SDK would keep reading it). Throws a `ConfigError` for
 * contradictory options.
 *
 * Thinking: a function call's `thoughtSignature` is kept as the tool call's `continuation`
 * (vendor `google`) and sent back on its `functionCall` part; thought summaries (asked for with
 * `providerOptions: { google: { generationConfig: { thinkingConfig: { includeThoughts: true } } } }`)
 * come back as `reasoning`, thinking tokens as `usage.reasoningTokens`.
 *
 * @example
 * const google = createGoogleGenAI({ apiKey: process.env.MY_GEMINI_KEY });
 * const router = createRouter({ providers: [google], models: { fast: 'google:gemini-2.5-flash' } });
 */
export function createGoogleGenAI(options: GoogleGenAIProviderOptions = {}): Provider {
  validate(options);
  const id = options.id ?? 'google';
  const lookup = modelLookup(GOOGLE_MODELS, options.models);
  const calls = new InFlightCalls();
  let client = options.client;
  if (client !== undefined) registerClientKey(client);
  let httpOptions: HttpOptions | undefined;

  function getClient(): { sdk: GoogleGenAI; http: HttpOptions } {
    httpOptions ??= {
      ...withoutTrailingSlash(
        options.baseURL ?? blankToUndefined(process.env.GOOGLE_GEMINI_BASE_URL),
      ),
      ...(options.apiVersion !== undefined && { apiVersion: options.apiVersion }),
      ...(options.headers !== undefined && { headers: { ...options.headers } }),
    };
    client ??= new GoogleGenAI({
      vertexai: false,
      apiKey: resolveApiKey({
        provider: id,
        apiKey: options.apiKey,
        variables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
        factory: 'createGoogleGenAI',
      }),
      httpOptions: { ...httpOptions },
    });
    return { sdk: client, http: httpOptions };
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
      if (call.signal.aborted) throw call.signal.reason;
      const { sdk, http } = getClient();
      const body = toGeminiRequest(request, id);
      const response = await sdk.models.generateContent(
        toGenAIParams(body, request.model, call.signal, http),
      );
      return fromGeminiResponse(response, context);
    } catch (error) {
      throw mapGoogleGenAIError(error, { ...context, signal: call.signal });
    } finally {
      call.end();
    }
  }

  async function* stream(
    request: ProviderRequest,
    callOptions?: ProviderCallOptions,
  ): AsyncGenerator<ProviderStreamPart, void, undefined> {
    const call = calls.begin(callOptions?.signal);
    // The SDK only releases its reader when its stream is abandoned: this signal hangs up for it.
    const local = new AbortController();
    const hangUp = () => local.abort(call.signal.reason);
    if (call.signal.aborted) hangUp();
    else call.signal.addEventListener('abort', hangUp, { once: true });
    const context = { provider: id, model: request.model, turn: request.messages.length };
    const state = new GoogleStream(context);
    const fail = (error: unknown) =>
      mapGoogleGenAIError(error, { ...context, signal: call.signal });
    try {
      let chunks: AsyncIterable<unknown>;
      try {
        if (call.signal.aborted) throw call.signal.reason;
        const { sdk, http } = getClient();
        const body = toGeminiRequest(request, id);
        const result: unknown = await sdk.models.generateContentStream(
          toGenAIParams(body, request.model, local.signal, http),
        );
        if (!isAsyncIterable(result))
          throw invalidAnswer(context, 'the SDK did not return a stream');
        chunks = result;
      } catch (error) {
        throw fail(error);
      }
      try {
        for await (const chunk of chunks) yield* state.push(chunk);
      } catch (error) {
        // Gemini's in-band error chunk, which the SDK throws: read as the old SDK's adapter reads it.
        const frame = call.signal.aborted ? undefined : streamErrorFrame(error);
        if (frame !== undefined) state.push(frame);
        throw fail(error);
      }
      if (call.signal.aborted) throw fail(undefined);
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
    close() {
      calls.abortAll(new AbortError(`${id}: the provider was closed.`, { provider: id }));
    },
  };
}

// The SDK keeps the key on a private field; registered so that no error or event can show it.
function registerClientKey(client: GoogleGenAI): void {
  const key = (client as unknown as { apiKey?: unknown }).apiKey;
  if (typeof key === 'string' && key !== '') registerSecret(key);
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

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

function validate(options: GoogleGenAIProviderOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('createGoogleGenAI options', [
      { path: '', message: 'must be an object' },
    ]);
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
  if (issues.length > 0) throw new ConfigError('createGoogleGenAI options', issues);
}
