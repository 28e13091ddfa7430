import type { JsonSchema } from './tool.js';

/** Plain text output (the default). */
export interface TextResponseFormat {
  readonly type: 'text';
}

/**
 * JSON output. With a `schema`, adapters use the vendor's native structured output (OpenAI and
 * Groq `json_schema`, Anthropic `output_config`, Gemini `responseSchema`); without one, JSON mode.
 */
export interface JsonResponseFormat {
  readonly type: 'json';
  /** JSON Schema the output must match. */
  readonly schema?: JsonSchema | undefined;
  /** A name for the schema (OpenAI requires one). Defaults to `"response"`. */
  readonly name?: string | undefined;
  /** What the output is; passed to vendors that accept it. */
  readonly description?: string | undefined;
  /** Ask for strict schema adherence where the vendor supports it. Defaults to `true`. */
  readonly strict?: boolean | undefined;
}

/** The output format requested from the model. */
export type ResponseFormat = TextResponseFormat | JsonResponseFormat;

/**
 * The system instruction an adapter adds to ask for JSON output from a vendor that has no JSON
 * mode of its own (Anthropic, for `{ type: 'json' }` without a schema). Shared so that the fake
 * vendor servers of `@switchyard/testing` can recognise it.
 */
export const JSON_OUTPUT_INSTRUCTION =
  'Respond with one valid JSON value and nothing else: no prose, no Markdown code fences.';
