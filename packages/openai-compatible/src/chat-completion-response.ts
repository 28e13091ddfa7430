import {
  InvalidResponseError,
  type ProviderResponse,
  readToolCallArguments,
  syntheticToolCallId,
  type ToolCall,
  ZERO_USAGE,
} from '@switchyard/core';
import type { ChatCompletionsDialect } from './chat-completions-body.js';
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
 * calls with parsed arguments (ids synthesised where missing), finish reason and usage, and its
 * reasoning (`reasoning_content` or `reasoning`) apart from the text. A refusal becomes the text
 * with finish reason `content-filter`. Empty `id` and `model` strings count as absent. An answer that is not a chat completion
 * throws an `InvalidResponseError`.
 */
export function fromChatCompletion(
  completion: unknown,
  context: ChatCompletionsContext,
  dialect: ChatCompletionsDialect = {},
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
  const refused = refusal !== undefined && refusal !== '' && text === '';
  const reasoning = reasoningOf(message);
  return {
    text: refused ? refusal : text,
    toolCalls,
    ...(reasoning !== '' && { reasoning }),
    finishReason: refused ? 'content-filter' : mapChatCompletionsFinishReason(raw),
    rawFinishReason: refused ? 'refusal' : raw,
    usage: mapChatCompletionsUsage(completion.usage, dialect.reasoningTokens) ?? ZERO_USAGE,
    model: nonEmpty(completion.model),
    id: nonEmpty(completion.id),
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

/**
 * The reasoning text of a message or stream delta: `reasoning_content` (DeepSeek, xAI, Qwen) or
 * `reasoning` (Groq, OpenRouter, vLLM); `''` when there is none.
 */
export function reasoningOf(message: Readonly<Record<string, unknown>>): string {
  if (typeof message.reasoning_content === 'string') return message.reasoning_content;
  return typeof message.reasoning === 'string' ? message.reasoning : '';
}

/** A string field as an id or model name: an empty string (Azure's opening chunk) is none. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
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
