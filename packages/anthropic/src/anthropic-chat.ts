import {
  ContextLengthError,
  InvalidRequestError,
  InvalidResponseError,
  JSON_OUTPUT_INSTRUCTION,
  markCutToolCall,
  type ProviderRequest,
  type ProviderResponse,
  syntheticToolCallId,
  type ToolCall,
  type ToolChoice,
  type Usage,
  ZERO_USAGE,
} from '@switchyard/core';
import { toUserBlocks } from './anthropic-content.js';
import { AnthropicExtras, thinkingBlocksOf } from './anthropic-reasoning.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

type Json = Record<string, unknown>;
type Block = Json & { readonly type: string };

/** Which call an answer belongs to, for ids and error messages. */
export interface AnthropicContext {
  /** The provider id (`anthropic`). */
  readonly provider: string;
  /** The model the request named. */
  readonly model: string;
}

/** How a request becomes a Messages body. */
export interface AnthropicBodyOptions {
  /** The provider id, for errors. */
  readonly provider: string;
  readonly stream: boolean;
  /** `max_tokens` when the request sets none (Anthropic requires it). */
  readonly maxTokens: number;
  /** Send a JSON schema as a forced tool call (models without structured outputs). */
  readonly schemaTool: boolean;
}

/** A Messages request body, and the name of the forced tool that carries a JSON answer, if any. */
export interface AnthropicBody {
  readonly body: Json;
  readonly jsonTool: string | undefined;
}

/** The forced tool that stands in for structured outputs on older models. */
export const JSON_TOOL = 'json';

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Maps a provider request to a Messages body: system messages joined into `system`; the other
 * messages as alternating user and assistant turns (consecutive ones of the same role merged,
 * tool results as `tool_result` blocks of a user turn, ahead of its text); `max_tokens` always
 * set; `toolChoice` as `{ type: 'auto' | 'any' | 'tool' | 'none' }`; a JSON schema as
 * `output_config.format` (or a forced tool call), bare JSON as a system instruction. `seed` has
 * no Anthropic field and is not sent. `providerOptions` are merged in last (`output_config` one
 * level deep).
 */
export function toAnthropicBody(
  request: ProviderRequest,
  options: AnthropicBodyOptions,
): AnthropicBody {
  const body: Json = {
    model: request.model,
    max_tokens: request.maxTokens ?? options.maxTokens,
    messages: toTurns(request, options.provider),
  };
  const systemText = request.messages
    .flatMap((m) => (m.role === 'system' && m.content !== '' ? [m.content] : []))
    .join('\n\n');
  const format = request.responseFormat;
  const bareJson = format?.type === 'json' && format.schema === undefined;
  if (bareJson) {
    body.system = [
      ...(systemText === '' ? [] : [{ type: 'text', text: systemText }]),
      { type: 'text', text: JSON_OUTPUT_INSTRUCTION },
    ];
  } else if (systemText !== '') {
    body.system = systemText;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0)
    body.stop_sequences = [...request.stop];
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      input_schema: tool.parameters,
    }));
    if (request.toolChoice !== undefined) body.tool_choice = toToolChoice(request.toolChoice);
  }
  let jsonTool: string | undefined;
  if (format?.type === 'json' && format.schema !== undefined) {
    if (!options.schemaTool) {
      body.output_config = { format: { type: 'json_schema', schema: format.schema } };
    } else {
      if (tools.length > 0 || format.schema.type !== 'object') {
        throw new InvalidRequestError(
          `${options.provider}: ${request.model} has no structured outputs: its JSON schema goes as a forced tool call, which takes an object schema and no other tools.`,
          { provider: options.provider, model: request.model, code: 'unsupported_schema' },
        );
      }
      jsonTool = JSON_TOOL;
      body.tools = [
        {
          name: JSON_TOOL,
          description: format.description ?? 'Respond with a JSON object.',
          input_schema: format.schema,
        },
      ];
      body.tool_choice = { type: 'tool', name: JSON_TOOL };
    }
  }
  if (options.stream) body.stream = true;
  const extra = request.providerOptions ?? {};
  const merged = { ...body, ...extra };
  if (isObject(body.output_config) && isObject(extra.output_config)) {
    merged.output_config = { ...body.output_config, ...extra.output_config };
  }
  return { body: merged, jsonTool };
}

interface Turn {
  readonly role: 'user' | 'assistant';
  readonly content: Block[];
}

function toTurns(request: ProviderRequest, provider: string): Turn[] {
  const turns: Turn[] = [];
  const add = (role: Turn['role'], blocks: Block[]) => {
    const last = turns.at(-1);
    // Anthropic wants turns to alternate: neighbours of one role become one turn.
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  request.messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
        return;
      case 'user':
        if (message.content === '') {
          throw new InvalidRequestError(
            `${provider}: messages[${index}]: Anthropic refuses an empty user message.`,
            { provider, model: request.model, code: 'empty_message' },
          );
        }
        add('user', toUserBlocks(message.content));
        return;
      case 'assistant': {
        // Claude's signed thinking comes back first, ahead of the text and tool_use blocks.
        const blocks = thinkingBlocksOf(message.continuation) as Block[];
        if (message.content) blocks.push({ type: 'text', text: message.content });
        for (const call of message.toolCalls ?? []) {
          blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
        }
        // A turn with neither text nor tool calls carries nothing, and Anthropic refuses it.
        if (blocks.length > 0) add('assistant', blocks);
        return;
      }
      case 'tool':
        add('user', [
          {
            type: 'tool_result',
            tool_use_id: message.toolCallId,
            ...(message.content !== '' && { content: message.content }),
            ...(message.isError === true && { is_error: true }),
          },
        ]);
        return;
    }
  });
  // Within a user turn, tool results go first: they answer the assistant turn before it.
  for (const turn of turns) {
    if (turn.role !== 'user') continue;
    const results = turn.content.filter((b) => b.type === 'tool_result');
    if (results.length > 0 && results.length < turn.content.length) {
      turn.content.splice(
        0,
        turn.content.length,
        ...results,
        ...turn.content.filter((b) => b.type !== 'tool_result'),
      );
    }
  }
  return turns;
}

function toToolChoice(choice: ToolChoice): Json {
  if (typeof choice !== 'string') return { type: 'tool', name: choice.name };
  return { type: choice === 'required' ? 'any' : choice };
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Maps Anthropic usage to Switchyard's. Anthropic's `input_tokens` leaves out the prompt tokens
 * read from the cache and written to it; Switchyard's `inputTokens` counts them, and reports them
 * apart as `cachedInputTokens` and `cacheWriteInputTokens`. When the answer took several sampling
 * iterations (`iterations`: compaction, advisor), the top-level counts cover only the last one:
 * what is billed, and reported, is the sum of the iterations. Thinking tokens
 * (`output_tokens_details.thinking_tokens`) are part of `outputTokens` and reported apart as
 * `reasoningTokens`; server-tool requests (`server_tool_use.web_search_requests`, ...) as
 * `serverToolRequests` (`webSearch`, ...). `undefined` for anything else.
 */
export function mapAnthropicUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const iterations = Array.isArray(usage.iterations) ? usage.iterations.filter(isObject) : [];
  const parts = iterations.length > 0 ? iterations : [usage];
  let fresh = 0;
  let outputTokens = 0;
  let read: number | undefined;
  let written: number | undefined;
  for (const part of parts) {
    fresh += count(part.input_tokens) ?? 0;
    outputTokens += count(part.output_tokens) ?? 0;
    const r = count(part.cache_read_input_tokens);
    const w = count(part.cache_creation_input_tokens);
    if (r !== undefined) read = (read ?? 0) + r;
    if (w !== undefined) written = (written ?? 0) + w;
  }
  const inputTokens = fresh + (read ?? 0) + (written ?? 0);
  const details = isObject(usage.output_tokens_details) ? usage.output_tokens_details : {};
  const thinking = count(details.thinking_tokens);
  const requests = serverToolRequests(usage.server_tool_use);
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    ...(read !== undefined && { cachedInputTokens: read }),
    ...(written !== undefined && { cacheWriteInputTokens: written }),
    ...(thinking !== undefined && { reasoningTokens: thinking }),
    ...(requests !== undefined && { serverToolRequests: requests }),
  };
}

// `{ web_search_requests: 2, web_fetch_requests: 1 }` -> `{ webSearch: 2, webFetch: 1 }`.
function serverToolRequests(raw: unknown): Record<string, number> | undefined {
  if (!isObject(raw)) return undefined;
  let out: Record<string, number> | undefined;
  for (const [key, value] of Object.entries(raw)) {
    const n = count(value);
    if (n === undefined || n === 0 || !key.endsWith('_requests')) continue;
    const kind = key
      .slice(0, -'_requests'.length)
      .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out ??= {};
    out[kind] = n;
  }
  return out;
}

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
