import {
  ContextLengthError,
  InvalidResponseError,
  markCutToolCall,
  type ProviderResponse,
  syntheticToolCallId,
  type ToolCall,
  ZERO_USAGE,
} from '@switchyard/core';
import { AnthropicExtras } from './anthropic-reasoning.js';
import { mapAnthropicUsage } from './anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

type Json = Record<string, unknown>;

/** Which call an answer belongs to, for ids and error messages. */
export interface AnthropicContext {
  /** The provider id (`anthropic`). */
  readonly provider: string;
  /** The model the request named. */
  readonly model: string;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Maps a Messages answer to a provider response: its text blocks joined, its `tool_use` blocks as
 * tool calls (the forced JSON tool's input as the text instead), the stop reason and usage; its
 * thinking as `reasoning`, its thinking blocks (signatures included) as `continuation`, citations
 * and server-tool blocks as `providerMetadata.anthropic`. An
 * answer that is not a message throws an `InvalidResponseError`; a `model_context_window_exceeded`
 * stop with nothing generated throws a `ContextLengthError`.
 */
export function fromAnthropicMessage(
  message: unknown,
  context: AnthropicContext,
  jsonTool: string | undefined,
): ProviderResponse {
  if (!isObject(message) || !Array.isArray(message.content)) {
    throw invalidAnswer(context, `the answer is not a message (got ${describe(message)})`);
  }
  const id = typeof message.id === 'string' ? message.id : undefined;
  let text = '';
  const toolCalls: ToolCall[] = [];
  const extras = new AnthropicExtras();
  message.content.forEach((block: unknown, index) => {
    if (!isObject(block)) throw invalidAnswer(context, `content block ${index} is not an object`);
    extras.add(block);
    // With the forced JSON tool, its input is the whole answer: stray text is not part of it.
    if (block.type === 'text' && typeof block.text === 'string' && jsonTool === undefined)
      text += block.text;
    if (block.type !== 'tool_use') return;
    const call = toToolCall(block, toolCalls.length, id, context);
    if (call.name === jsonTool) text += JSON.stringify(call.arguments);
    else toolCalls.push(call);
  });
  const raw = typeof message.stop_reason === 'string' ? message.stop_reason : undefined;
  if (raw === 'model_context_window_exceeded' && text === '' && toolCalls.length === 0) {
    throw contextExceeded(context);
  }
  const finishReason =
    // The forced JSON tool's call is the answer: a natural end, not a call to make.
    jsonTool !== undefined && raw === 'tool_use' ? 'stop' : mapAnthropicFinishReason(raw);
  return {
    text,
    // A tool_use block cut by max_tokens arrives with the input parsed so far.
    toolCalls: markCutToolCall(toolCalls, finishReason),
    ...extras.result(),
    finishReason,
    rawFinishReason: raw,
    usage: mapAnthropicUsage(message.usage) ?? ZERO_USAGE,
    model: typeof message.model === 'string' ? message.model : undefined,
    id,
  };
}

/** A `tool_use` block as a tool call; its `input` must be an object. */
export function toToolCall(
  block: Json,
  index: number,
  responseId: string | undefined,
  context: AnthropicContext,
): ToolCall {
  if (typeof block.name !== 'string' || block.name === '') {
    throw invalidAnswer(context, `tool call ${index} has no name`);
  }
  if (!isObject(block.input)) {
    throw new InvalidResponseError(
      `${context.provider}: the arguments of the model's call to tool "${block.name}" are not a JSON object.`,
      { provider: context.provider, model: context.model, code: 'invalid_tool_arguments' },
    );
  }
  const id = typeof block.id === 'string' && block.id !== '' ? block.id : undefined;
  return {
    id: id ?? syntheticToolCallId({ responseId, index, name: block.name, arguments: block.input }),
    name: block.name,
    arguments: block.input,
  };
}

/** The `InvalidResponseError` for an answer that breaks the wire format. */
export function invalidAnswer(context: AnthropicContext, what: string): InvalidResponseError {
  return new InvalidResponseError(`${context.provider}: ${what}.`, {
    provider: context.provider,
    model: context.model,
    code: 'invalid_response',
  });
}

/** The error for a model that ran out of context window before writing anything. */
export function contextExceeded(context: AnthropicContext): ContextLengthError {
  return new ContextLengthError(
    `${context.provider}: the prompt filled the model's context window; nothing was generated.`,
    { provider: context.provider, model: context.model, code: 'model_context_window_exceeded' },
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `text: ${JSON.stringify(value.slice(0, 60))}`;
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}
