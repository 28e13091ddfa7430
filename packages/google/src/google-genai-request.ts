import type { EmbedContentParameters, GenerateContentParameters, HttpOptions } from '@google/genai';
import type { ProviderEmbedRequest } from '@switchyard/core';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Request fields that `@google/genai` takes inside `config` and puts back at the top level of the
// wire body (its `generateContentConfigToMldev`). Everything in `generationConfig` also goes in
// `config`, flattened, and comes out under `generationConfig` again.
const TOP_LEVEL_IN_CONFIG = new Set([
  'systemInstruction',
  'tools',
  'toolConfig',
  'safetySettings',
  'cachedContent',
  'labels',
  'serviceTier',
  'store',
]);

// `generationConfig` fields that `@google/genai` (2.32 to 3.x) carries from `config` to the wire.
// Any other one would be dropped by its converter: it goes through `extraBody` instead.
const GENERATION_CONFIG_IN_SDK = new Set([
  'temperature',
  'topP',
  'topK',
  'candidateCount',
  'maxOutputTokens',
  'stopSequences',
  'responseLogprobs',
  'logprobs',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'responseModalities',
  'mediaResolution',
  'speechConfig',
  'thinkingConfig',
  'imageConfig',
  'enableEnhancedCivicAnswers',
]);

/**
 * Turns a `generateContent` wire body (as `toGeminiRequest` builds it) into the parameters of
 * `@google/genai`'s `models.generateContent` / `generateContentStream`: `contents` as they are;
 * `generationConfig` and the top-level fields the SDK knows (`systemInstruction`, `tools`,
 * `toolConfig`, `safetySettings`, `cachedContent`, ...) in `config`, where its converter puts them
 * back where they were on the wire; any other field, at the top level or in `generationConfig`
 * (from `providerOptions`), through `httpOptions.extraBody`, which the SDK deep-merges into the
 * body as it is, so that nothing the caller asked for is dropped. The call's signal goes in
 * `config.abortSignal`. The SDK's own loops stay off: automatic function calling (the router runs
 * tools) and automatic continuation (it would send more requests, which is the router's call).
 *
 * `httpOptions` (base URL, API version, headers) are passed per call, so they also apply to a
 * client the host built.
 */
export function toGenAIParams(
  body: Json,
  model: string,
  abortSignal: AbortSignal,
  httpOptions: HttpOptions,
): GenerateContentParameters {
  const { contents, generationConfig, ...rest } = body;
  const config: Json = {};
  const extraBody: Json = {};
  const extraGeneration: Json = {};
  for (const [key, value] of Object.entries(isObject(generationConfig) ? generationConfig : {})) {
    if (GENERATION_CONFIG_IN_SDK.has(key)) config[key] = value;
    else extraGeneration[key] = value;
  }
  if (Object.keys(extraGeneration).length > 0) extraBody.generationConfig = extraGeneration;
  for (const [key, value] of Object.entries(rest)) {
    if (TOP_LEVEL_IN_CONFIG.has(key)) config[key] = value;
    else extraBody[key] = value;
  }
  const http: HttpOptions = {
    ...httpOptions,
    ...(Object.keys(extraBody).length > 0 && { extraBody }),
  };
  return {
    model,
    contents: contents as GenerateContentParameters['contents'],
    config: {
      ...config,
      abortSignal,
      automaticFunctionCalling: { disable: true },
      automaticContinuation: false,
      ...(Object.keys(http).length > 0 && { httpOptions: http }),
    } as NonNullable<GenerateContentParameters['config']>,
  };
}

/**
 * The parameters of `@google/genai`'s `models.embedContent` for a provider embed request, which the
 * SDK sends to the Gemini API as one `:batchEmbedContents` call: one content per input, in order,
 * and `outputDimensionality` when a size is asked for.
 */
export function toGenAIEmbedParams(
  request: ProviderEmbedRequest,
  abortSignal: AbortSignal,
  httpOptions: HttpOptions,
): EmbedContentParameters {
  return {
    model: request.model,
    // Contents, not bare strings: for `gemini-embedding-2*` models the SDK joins an array of
    // strings into one content, which would be one vector for all the inputs.
    contents: request.input.map((text) => ({ role: 'user', parts: [{ text }] })),
    config: {
      abortSignal,
      ...(request.dimensions !== undefined && { outputDimensionality: request.dimensions }),
      ...(Object.keys(httpOptions).length > 0 && { httpOptions }),
    },
  };
}
