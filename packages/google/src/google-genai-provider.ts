import { GoogleGenAI, type HttpOptions } from '@google/genai';
import { type Provider, registerSecret } from '@switchyard/core';
import { mapGoogleGenAIError, streamErrorFrame } from './google-genai-errors.js';
import { toGenAIEmbedParams, toGenAIParams } from './google-genai-request.js';
import { createGoogleProvider, type GoogleCommonOptions } from './google-provider-base.js';

/** Options of {@link createGoogleGenAI}. */
export interface GoogleGenAIProviderOptions extends GoogleCommonOptions {
  /**
   * Your own `GoogleGenAI` client (Gemini API, not Vertex AI) instead of one built from `apiKey`
   * (which must then be absent). `baseURL`, `apiVersion` and `headers` still apply, per call.
   * Leave its `httpOptions.retryOptions` and `timeout` unset: the router owns retries and
   * deadlines. Defaults to a client the adapter builds.
   */
  readonly client?: GoogleGenAI | undefined;
}

/**
 * Creates the Google provider on Google's current SDK, `@google/genai` (Gemini API): the same
 * requests, answers, tool calls, thinking, metadata and errors as `createGoogle()` (which uses the
 * deprecated `@google/generative-ai`), so the two are interchangeable; embeddings too, through the
 * SDK's `models.embedContent` (one `batchEmbedContents` call, usage estimated). The SDK is used
 * without its retries (off unless a client sets `retryOptions`), its timeout, its automatic
 * function calling or its automatic continuation; every call is abortable through its signal, and
 * a stream the caller abandons is aborted (the SDK would keep reading it). Throws a `ConfigError`
 * for contradictory options.
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
  return createGoogleProvider('createGoogleGenAI', options, ({ apiKey, endpoint }) => {
    let client = options.client;
    if (client !== undefined) registerClientKey(client);

    function getClient(): { sdk: GoogleGenAI; http: HttpOptions } {
      const http: HttpOptions = endpoint();
      client ??= new GoogleGenAI({ vertexai: false, apiKey: apiKey(), httpOptions: { ...http } });
      return { sdk: client, http };
    }

    return {
      generate(body, model, signal) {
        const { sdk, http } = getClient();
        return sdk.models.generateContent(toGenAIParams(body, model, signal, http));
      },
      generateStream(body, model, signal) {
        const { sdk, http } = getClient();
        return sdk.models.generateContentStream(toGenAIParams(body, model, signal, http));
      },
      async embed(request, signal) {
        const { sdk, http } = getClient();
        const answer = await sdk.models.embedContent(toGenAIEmbedParams(request, signal, http));
        return answer.embeddings?.map((embedding) => embedding.values) ?? [];
      },
      mapError: mapGoogleGenAIError,
      streamErrorFrame,
    };
  });
}

// The SDK keeps the key on a private field; registered so that no error or event can show it.
function registerClientKey(client: GoogleGenAI): void {
  const key = (client as unknown as { apiKey?: unknown }).apiKey;
  if (typeof key === 'string' && key !== '') registerSecret(key);
}
