import {
  type ContentPart,
  InvalidRequestError,
  type Message,
  type ProviderRequest,
  type ResponseFormat,
  type ToolChoice,
} from '@switchyard/core';

/** A message of the chat-completions wire format. */
export type ChatCompletionsMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string | readonly ChatCompletionsContentPart[] }
  | {
      readonly role: 'assistant';
      readonly content: string | null;
      readonly tool_calls?: readonly ChatCompletionsToolCall[];
    }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

/** A part of a user message: text, or an image by URL (a `data:` URL carries base64 bytes). */
export type ChatCompletionsContentPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image_url'; readonly image_url: { readonly url: string } };

/** A tool call as the chat-completions wire format carries it (arguments as JSON text). */
export interface ChatCompletionsToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

/** A chat-completions request body (`POST /chat/completions`). */
export interface ChatCompletionsBody {
  readonly model: string;
  readonly messages: readonly ChatCompletionsMessage[];
  readonly stream?: boolean;
  readonly [field: string]: unknown;
}

/** What differs between two vendors that speak chat completions. */
export interface ChatCompletionsDialect {
  /**
   * The field that carries `maxTokens`. OpenAI's reasoning models accept only
   * `max_completion_tokens`. Defaults to `'max_tokens'`.
   */
  readonly maxTokensField?: 'max_tokens' | 'max_completion_tokens' | undefined;
  /** Ask for a usage report in streams with `stream_options.include_usage` (OpenAI). Defaults to `false`. */
  readonly streamUsageOption?: boolean | undefined;
  /** Where a stream chunk carries usage. Defaults to `chunk.usage`. */
  readonly streamUsage?: ((chunk: Readonly<Record<string, unknown>>) => unknown) | undefined;
  /**
   * A vendor-specific error carried by an otherwise ordinary stream chunk (Groq's
   * `x_groq.error`). Defaults to none.
   */
  readonly streamChunkError?:
    | ((chunk: Readonly<Record<string, unknown>>) => string | undefined)
    | undefined;
  /**
   * Treat a stream that ends without a usage report as truncated. Right for vendors that always
   * send one (OpenAI with `include_usage`, Groq). Defaults to `false`.
   */
  readonly requireStreamUsage?: boolean | undefined;
  /**
   * Where `completion_tokens_details.reasoning_tokens` sit: `'included'` in `completion_tokens`
   * (OpenAI, DeepSeek, Groq) or `'separate'`, beside them (xAI), in which case they are added to
   * `outputTokens`, which always includes reasoning. Applies to complete answers and streams.
   * Defaults to `'included'`.
   */
  readonly reasoningTokens?: 'included' | 'separate' | undefined;
}

/**
 * Maps a provider request to a chat-completions body: system prompts stay messages in place,
 * assistant tool calls carry their arguments as JSON text, tool results become `tool` messages,
 * `responseFormat` with a schema becomes `json_schema` (strict unless told otherwise, named
 * `"response"` unless named), bare JSON becomes `json_object`. `providerOptions` are merged in
 * last, as given.
 */
export function toChatCompletionsBody(
  request: ProviderRequest,
  options: { readonly stream: boolean; readonly dialect?: ChatCompletionsDialect | undefined },
): ChatCompletionsBody {
  const dialect = options.dialect ?? {};
  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages.map(toWireMessage),
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.maxTokens !== undefined)
    body[dialect.maxTokensField ?? 'max_tokens'] = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = [...request.stop];
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined && { description: tool.description }),
        parameters: tool.parameters,
      },
    }));
    // A tool choice without tools is a 400 at the vendors; with none offered it means nothing.
    if (request.toolChoice !== undefined) body.tool_choice = toWireToolChoice(request.toolChoice);
  }
  const format = toWireResponseFormat(request.responseFormat);
  if (format !== undefined) body.response_format = format;
  if (options.stream) {
    body.stream = true;
    if (dialect.streamUsageOption) body.stream_options = { include_usage: true };
  }
  return { ...body, ...request.providerOptions } as ChatCompletionsBody;
}

function toWireMessage(message: Message, index: number): ChatCompletionsMessage {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: toWireContent(message.content) };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant': {
      const toolCalls = message.toolCalls ?? [];
      const content = message.content ?? '';
      return {
        role: 'assistant',
        content: content === '' && toolCalls.length > 0 ? null : content,
        ...(toolCalls.length > 0 && {
          tool_calls: toolCalls.map((call) => ({
            id: call.id,
            type: 'function' as const,
            function: { name: call.name, arguments: stringifyArguments(call.arguments, index) },
          })),
        }),
      };
    }
  }
}

function toWireContent(
  content: string | readonly ContentPart[],
): string | ChatCompletionsContentPart[] {
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    // OpenAI, Groq and most compatible servers take base64 images as a data URL.
    const url = 'data' in part ? `data:${part.mediaType};base64,${part.data}` : part.url;
    return { type: 'image_url', image_url: { url } };
  });
}

function stringifyArguments(args: unknown, index: number): string {
  try {
    return JSON.stringify(args ?? {});
  } catch (error) {
    throw new InvalidRequestError(
      `messages[${index}]: tool call arguments cannot be sent as JSON (${error instanceof Error ? error.message : String(error)}).`,
      { code: 'invalid_tool_arguments', cause: error },
    );
  }
}

function toWireToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string'
    ? choice
    : { type: 'function', function: { name: choice.name } };
}

function toWireResponseFormat(format: ResponseFormat | undefined): unknown {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.schema === undefined) return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name ?? 'response',
      ...(format.description !== undefined && { description: format.description }),
      schema: format.schema,
      strict: format.strict ?? true,
    },
  };
}
