import {
  AbortError,
  ConfigError,
  type ConfigIssue,
  estimateTokens,
  InFlightCalls,
  type ModelFactsOverride,
  type ModelInfo,
  modelLookup,
  PROVIDER_SPECIFICATION_VERSION,
  type Provider,
  type ProviderCallOptions,
  type ProviderEmbedRequest,
  type ProviderEmbedResponse,
  type ProviderRequest,
  type ProviderResponse,
  type ProviderStreamPart,
  resolveApiKey,
  type SwitchyardError,
} from '@switchyard/core';
import type { GoogleErrorContext } from './google-errors.js';
import { GOOGLE_VENDOR } from './google-extras.js';
import { GOOGLE_MODELS } from './google-models.js';
import { toGeminiRequest } from './google-request.js';
import { fromGeminiResponse, invalidAnswer } from './google-response.js';
import { GoogleStream } from './google-stream.js';

type Json = Record<string, unknown>;

/** Options both Google providers take; each adds the `client` of its SDK. */
export interface GoogleCommonOptions {
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
  /** The provider id in model references (`google:gemini-2.5-flash`). Defaults to `"google"`. */
  readonly id?: string | undefined;
  /** Facts for models the adapter does not know, or corrections. Defaults to none. */
  readonly models?: Readonly<Record<string, ModelFactsOverride>> | undefined;
}

/** Where requests go, from the options and the environment: each SDK names these its own way. */
export interface GoogleEndpoint {
  readonly baseUrl?: string;
  readonly apiVersion?: string;
  readonly headers?: Record<string, string>;
}

/** What an SDK binding is given: the provider id, the key and the endpoint, both read lazily. */
export interface GoogleConnection {
  readonly id: string;
  /** The key from the options or the environment; throws an `AuthError` when there is none. */
  apiKey(): string;
  /** The endpoint, read at the first call and kept. */
  endpoint(): GoogleEndpoint;
}

/**
 * The calls that differ between `@google/generative-ai` and `@google/genai`. Everything else (the
 * request and answer mapping, in-flight calls, aborts, stream assembly, options) is shared.
 */
export interface GoogleSdkCalls {
  /** `generateContent` with a wire body; resolves to the answer as Gemini's JSON. */
  generate(body: Json, model: string, signal: AbortSignal): Promise<unknown>;
  /** `generateContentStream` with a wire body; resolves to the chunks. */
  generateStream(body: Json, model: string, signal: AbortSignal): Promise<unknown>;
  /** Embeddings of every input in one call: the vectors as the SDK gave them (checked here). */
  embed(request: ProviderEmbedRequest, signal: AbortSignal): Promise<readonly unknown[]>;
  /** Maps whatever the SDK threw to the Switchyard taxonomy. */
  mapError(error: unknown, context: GoogleErrorContext): SwitchyardError;
  /** The `{ error }` chunk inside an error the SDK threw mid-stream, for an SDK that throws it. */
  streamErrorFrame?(error: unknown): Json | undefined;
}

/**
 * Builds a Google provider around one SDK's calls: validates the options (a `ConfigError` named
 * after `factory`), resolves key and endpoint at the first call, tracks calls for `close()`,
 * aborts an abandoned stream, and maps requests, answers, stream chunks and errors.
 */
export function createGoogleProvider(
  factory: string,
  options: GoogleCommonOptions & { readonly client?: unknown },
  bind: (connection: GoogleConnection) => GoogleSdkCalls,
): Provider {
  validate(factory, options);
  const id = options.id ?? 'google';
  const lookup = modelLookup(GOOGLE_MODELS, options.models, 'google');
  const calls = new InFlightCalls();
  let endpoint: GoogleEndpoint | undefined;
  const sdk = bind({
    id,
    apiKey: () =>
      resolveApiKey({
        provider: id,
        apiKey: options.apiKey,
        variables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
        factory,
      }),
    endpoint: () => {
      endpoint ??= {
        ...withoutTrailingSlash(
          options.baseURL ?? blankToUndefined(process.env.GOOGLE_GEMINI_BASE_URL),
        ),
        ...(options.apiVersion !== undefined && { apiVersion: options.apiVersion }),
        ...(options.headers !== undefined && { headers: { ...options.headers } }),
      };
      return endpoint;
    },
  });

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
      // The SDKs listen for an abort but never look at a signal that is already aborted.
      if (call.signal.aborted) throw call.signal.reason;
      const answer = await sdk.generate(toGeminiRequest(request, id), request.model, call.signal);
      return fromGeminiResponse(answer, context);
    } catch (error) {
      throw sdk.mapError(error, { ...context, signal: call.signal });
    } finally {
      call.end();
    }
  }

  async function* stream(
    request: ProviderRequest,
    callOptions?: ProviderCallOptions,
  ): AsyncGenerator<ProviderStreamPart, void, undefined> {
    const call = calls.begin(callOptions?.signal);
    // Neither SDK stops reading when its stream is abandoned: this signal hangs up for it.
    const local = new AbortController();
    const hangUp = () => local.abort(call.signal.reason);
    if (call.signal.aborted) hangUp();
    else call.signal.addEventListener('abort', hangUp, { once: true });
    const context = { provider: id, model: request.model, turn: request.messages.length };
    const state = new GoogleStream(context);
    const fail = (error: unknown) => sdk.mapError(error, { ...context, signal: call.signal });
    try {
      let chunks: AsyncIterable<unknown>;
      try {
        if (call.signal.aborted) throw call.signal.reason;
        const result = await sdk.generateStream(
          toGeminiRequest(request, id),
          request.model,
          local.signal,
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
        // Gemini's in-band error chunk, when the SDK throws it: read as any other chunk is.
        const frame = call.signal.aborted ? undefined : sdk.streamErrorFrame?.(error);
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

  // Embeddings through `:batchEmbedContents`, every input in one call. Gemini reports no token
  // counts for embeddings: `inputTokens` is the core's estimate (about four characters a token).
  async function embed(
    request: ProviderEmbedRequest,
    { signal }: ProviderCallOptions,
  ): Promise<ProviderEmbedResponse> {
    try {
      if (signal.aborted) throw signal.reason;
      const vectors = await sdk.embed(request, signal);
      if (vectors.length !== request.input.length || !vectors.every(isVector)) {
        throw invalidAnswer(
          { provider: id, model: request.model },
          `the answer does not hold one embedding vector per input (${request.input.length})`,
        );
      }
      const embeddings = vectors as number[][];
      let tokens = 0;
      for (const text of request.input) tokens += estimateTokens(text);
      return { embeddings, usage: { inputTokens: Math.ceil(tokens) } };
    } catch (error) {
      throw sdk.mapError(error, { provider: id, model: request.model, signal });
    }
  }

  return {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    id,
    vendor: GOOGLE_VENDOR,
    getModelInfo,
    chat,
    stream,
    embed,
    close() {
      calls.abortAll(new AbortError(`${id}: the provider was closed.`, { provider: id }));
    },
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

// The SDKs append `/${apiVersion}/...` to the base URL as it is: no trailing slash.
function withoutTrailingSlash(baseURL: string | undefined): { baseUrl?: string } {
  return baseURL === undefined ? {} : { baseUrl: baseURL.replace(/\/+$/, '') };
}

const isVector = (value: unknown): boolean =>
  Array.isArray(value) && value.every((n) => typeof n === 'number');

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function validate(factory: string, options: GoogleCommonOptions & { client?: unknown }): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`${factory} options`, [{ path: '', message: 'must be an object' }]);
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
  if (issues.length > 0) throw new ConfigError(`${factory} options`, issues);
}
