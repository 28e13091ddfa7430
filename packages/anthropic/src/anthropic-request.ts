import {
  InvalidRequestError,
  JSON_OUTPUT_INSTRUCTION,
  type ProviderRequest,
  type ToolChoice,
} from '@switchyard/core';
import { toUserBlocks } from './anthropic-content.js';
import { thinkingBlocksOf } from './anthropic-reasoning.js';

type Json = Record<string, unknown>;
type Block = Json & { readonly type: string };

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
