import type { GenerateContentParameters, HttpOptions } from '@google/genai';

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

/**
 * Turns a `generateContent` wire body (as `toGeminiRequest` builds it) into the parameters of
 * `@google/genai`'s `models.generateContent` / `generateContentStream`: `contents` as they are;
 * `generationConfig` and the top-level fields the SDK knows (`systemInstruction`, `tools`,
 * `toolConfig`, `safetySettings`, `cachedContent`, ...) in `config`, where its converter puts them
 * back where they were on the wire; any other top-level field (from `providerOptions`) through
 * `httpOptions.extraBody`, merged into the body as it is. The call's signal goes in
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
  const config: Json = isObject(generationConfig) ? { ...generationConfig } : {};
  const extraBody: Json = {};
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
