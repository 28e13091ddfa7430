import { InvalidResponseError } from '../errors/provider-errors.js';
import type { FinishReason } from './finish-reason.js';
import type { ToolCall } from './tool.js';

/** Where a tool call's arguments came from, for the error message. */
export interface ToolCallArgumentsContext {
  /** The provider id (`openai`). */
  readonly provider: string;
  readonly model?: string | undefined;
  /** The called tool's name. */
  readonly toolName: string;
}

/**
 * Parses the JSON text of a tool call's arguments into an object. Empty text means no arguments
 * (`{}`), as models send for a tool without parameters. Text that is not JSON, or JSON that is
 * not an object, throws an `InvalidResponseError` (retryable: another try may answer properly).
 */
export function parseToolCallArguments(
  raw: string | null | undefined,
  context: ToolCallArgumentsContext,
): Record<string, unknown> {
  if (raw === null || raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw invalid(`are not valid JSON (${snippet(raw)})`, context, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(`are not a JSON object (${snippet(raw)})`, context, undefined);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads a tool call's arguments when the answer may have been cut by the output limit (`cutOff`:
 * the vendor's finish reason maps to `length`). Arguments that parse are returned as
 * `parseToolCallArguments` would; text that does not parse in a cut answer is the truncated call,
 * not a malformed one: `{}` with `incomplete: true` and the text as `rawArguments`, so the answer
 * comes back (finish `length`) instead of failing and being retried, which would only pay for the
 * same cut again. Without `cutOff` it throws as `parseToolCallArguments` does.
 */
export function readToolCallArguments(
  raw: string | null | undefined,
  context: ToolCallArgumentsContext & { readonly cutOff: boolean },
): Pick<ToolCall, 'arguments' | 'incomplete' | 'rawArguments'> {
  try {
    return { arguments: parseToolCallArguments(raw, context) };
  } catch (error) {
    if (!context.cutOff) throw error;
    return { arguments: {}, incomplete: true, rawArguments: raw ?? '' };
  }
}

/**
 * Marks the last tool call of an answer cut by the output limit as incomplete, for vendors that
 * send arguments as objects (the cut shows only as the finish reason). Returns `toolCalls` itself
 * when nothing is to be marked.
 */
export function markCutToolCall(toolCalls: ToolCall[], finishReason: FinishReason): ToolCall[] {
  const last = toolCalls.at(-1);
  if (finishReason !== 'length' || last === undefined || last.incomplete) return toolCalls;
  return [...toolCalls.slice(0, -1), { ...last, incomplete: true }];
}

/**
 * A tool-call id for a vendor that gives none (or a response that lacks one). It is derived from
 * the call itself, so the same answer always gets the same ids: a replayed or cached answer keeps
 * matching the tool results the host sends back.
 */
export function syntheticToolCallId(call: {
  /** The vendor's response id, when it has one. */
  readonly responseId?: string | undefined;
  /** The call's position in the answer. */
  readonly index: number;
  readonly name: string;
  /** The arguments as the vendor sent them (text or object). */
  readonly arguments: unknown;
}): string {
  const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
  const seed = `${call.responseId ?? ''}\u0000${call.index}\u0000${call.name}\u0000${args ?? ''}`;
  // FNV-1a, 32 bits: cheap and stable; the index keeps calls of one answer apart.
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `call_${(hash >>> 0).toString(16).padStart(8, '0')}_${call.index}`;
}

function snippet(raw: string): string {
  return raw.length > 80 ? `${JSON.stringify(raw.slice(0, 80))}...` : JSON.stringify(raw);
}

function invalid(
  what: string,
  context: ToolCallArgumentsContext,
  cause: unknown,
): InvalidResponseError {
  return new InvalidResponseError(
    `${context.provider}: the arguments of the model's call to tool "${context.toolName}" ${what}.`,
    { provider: context.provider, model: context.model, code: 'invalid_tool_arguments', cause },
  );
}
