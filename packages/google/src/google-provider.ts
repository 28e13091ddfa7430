import {
  type GenerateContentRequest,
  GoogleGenerativeAI,
  type RequestOptions,
} from '@google/generative-ai';
import { type Provider, registerSecret } from '@switchyard/core';
import { batchEmbedWithGoogle } from './google-embed.js';
import { mapGoogleError } from './google-errors.js';
import { createGoogleProvider, type GoogleCommonOptions } from './google-provider-base.js';

/** Options of {@link createGoogle}. */
export interface GoogleProviderOptions extends GoogleCommonOptions {
  /**
   * Your own `GoogleGenerativeAI` client instead of one built from `apiKey` (which must then be
   * absent). The SDK keeps nothing else on its client, so `baseURL`, `apiVersion` and `headers`
   * still apply. Defaults to a client the adapter builds.
   */
  readonly client?: GoogleGenerativeAI | undefined;
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
  return createGoogleProvider('createGoogle', options, ({ apiKey, endpoint }) => {
    let client = options.client;
    if (client !== undefined) registerSecret(client.apiKey);
    let requestOptions: RequestOptions | undefined;

    function modelFor(model: string) {
      client ??= new GoogleGenerativeAI(apiKey());
      if (requestOptions === undefined) {
        const { headers, ...where } = endpoint();
        requestOptions = { ...where, ...(headers !== undefined && { customHeaders: headers }) };
      }
      return client.getGenerativeModel({ model }, requestOptions);
    }

    return {
      async generate(body, model, signal) {
        const request = body as unknown as GenerateContentRequest;
        return (await modelFor(model).generateContent(request, { signal })).response;
      },
      async generateStream(body, model, signal) {
        const request = body as unknown as GenerateContentRequest;
        const result = await modelFor(model).generateContentStream(request, { signal });
        // The aggregated answer fails with the stream; unobserved, it would crash the process.
        result.response.catch(() => undefined);
        return result.stream;
      },
      embed: (request, signal) => batchEmbedWithGoogle(modelFor(request.model), request, signal),
      mapError: mapGoogleError,
    };
  });
}
