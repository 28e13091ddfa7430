import type { ProviderContinuation } from './continuation.js';

/** A JSON Schema object (draft 2020-12 or draft-07 subset the vendors accept). */
export type JsonSchema = { readonly [key: string]: unknown };

/** A function the model may call. */
export interface ToolDefinition {
  /** Name the model uses to call the tool: letters, digits, `_` and `-`, at most 64 characters. */
  readonly name: string;
  /** What the tool does; the model reads it to decide when to call it. */
  readonly description?: string | undefined;
  /** JSON Schema of the arguments object. */
  readonly parameters: JsonSchema;
}

/**
 * Whether and which tool the model must call.
 * `'auto'` lets the model decide, `'none'` forbids tools, `'required'` forces some tool,
 * `{ name }` forces that tool.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly name: string };

/** A tool call produced by the model. */
export interface ToolCall {
  /** Identifier to answer with a {@link ToolMessage}. Synthesised when the vendor has none. */
  readonly id: string;
  /** The called tool's name. */
  readonly name: string;
  /** The parsed arguments object (`{}` for a call the output limit cut, see `incomplete`). */
  readonly arguments: Readonly<Record<string, unknown>>;
  /**
   * `true` when the answer reached its output limit (finish reason `length`) in the middle of this
   * call: do not run it. Its arguments are `{}` when what arrived did not parse, and the text that
   * arrived is in `rawArguments`. Absent on complete calls.
   */
  readonly incomplete?: true | undefined;
  /** The arguments text received for an incomplete call, when the vendor sends text. */
  readonly rawArguments?: string | undefined;
  /**
   * Vendor state tied to this call (Gemini 3's `thoughtSignature`), sent back with the call on
   * the next turn. Absent when the vendor gave none.
   */
  readonly continuation?: ProviderContinuation | undefined;
}
