import {
  InvalidResponseError,
  type ProviderResponse,
  readToolCallArguments,
  syntheticToolCallId,
  type ToolCall,
  ZERO_USAGE,
} from '@switchyard/core';
import { mapChatCompletionsUsage } from './chat-completions-usage.js';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';

/** Which call an answer belongs to, for ids and error messages. */
export interface ChatCompletionsContext {
  /** The provider id (`openai`). */
  readonly provider: string;
  /** The model the request named. */
  readonly model: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Maps a (non-streamed) chat completion to a provider response: the first choice's text, its tool
 * calls with parsed arguments (ids synthesised where missing), finish reason and usage. A refusal
 * becomes the text with finish reason `content-filter`. An answer that is not a chat completion
 * throws an `InvalidResponseError`.
 */
export function fromChatCompletion(
  completion: unknown,
  context: ChatCompletionsContext,
): ProviderResponse {
  if (!isObject(completion) || !Array.isArray(completion.choices)) {
    throw invalidAnswer(
      context,
      `the answer is not a chat completion (got ${describe(completion)})`,
    );
  }
  const choice: unknown = completion.choices[0];
  if (!isObject(choice) || !isObject(choice.message)) {
    throw invalidAnswer(context, 'the answer has no message');
  }
  const { message } = choice;
  const responseId = typeof completion.id === 'string' ? completion.id : undefined;
  const raw = typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined;
  const cutOff = mapChatCompletionsFinishReason(raw) === 'length';
  const toolCalls = Array.isArray(message.tool_calls)
    ? message.tool_calls.map((call: unknown, index) =>
        toToolCall(call, index, responseId, context, cutOff),
      )
    : [];
  const refusal = typeof message.refusal === 'string' ? message.refusal : undefined;
  const text = typeof message.content === 'string' ? message.content : '';
  const refused = refusal !== undefined && text === '';
  return {
    text: refused ? refusal : text,
    toolCalls,
    finishReason: refused ? 'content-filter' : mapChatCompletionsFinishReason(raw),
    rawFinishReason: refused ? 'refusal' : raw,
    usage: mapChatCompletionsUsage(completion.usage) ?? ZERO_USAGE,
    model: typeof completion.model === 'string' ? completion.model : undefined,
    id: responseId,
  };
}

function toToolCall(
  call: unknown,
  index: number,
  responseId: string | undefined,
  context: ChatCompletionsContext,
  cutOff: boolean,
): ToolCall {
  const fn = isObject(call) && isObject(call.function) ? call.function : undefined;
  if (fn === undefined || typeof fn.name !== 'string' || fn.name === '') {
    throw invalidAnswer(context, `tool call ${index} has no function name`);
  }
  const text = typeof fn.arguments === 'string' ? fn.arguments : undefined;
  const id = isObject(call) && typeof call.id === 'string' && call.id !== '' ? call.id : undefined;
  return {
    id: id ?? syntheticToolCallId({ responseId, index, name: fn.name, arguments: text }),
    name: fn.name,
    ...readToolCallArguments(text, {
      provider: context.provider,
      model: context.model,
      toolName: fn.name,
      cutOff,
    }),
  };
}

/** The `InvalidResponseError` for an answer that breaks the wire format. */
export function invalidAnswer(context: ChatCompletionsContext, what: string): InvalidResponseError {
  return new InvalidResponseError(`${context.provider}: ${what}.`, {
    provider: context.provider,
    model: context.model,
    code: 'invalid_response',
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `text: ${JSON.stringify(value.slice(0, 60))}`;
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}
