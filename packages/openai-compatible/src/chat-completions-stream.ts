import {
  ConnectionError,
  type ProviderStreamPart,
  readToolCallArguments,
  syntheticToolCallId,
  type Usage,
  ZERO_USAGE,
} from '@switchyard/core';
import {
  type ChatCompletionsContext,
  invalidAnswer,
  nonEmpty,
  reasoningOf,
} from './chat-completion-response.js';
import type { ChatCompletionsDialect } from './chat-completions-body.js';
import { errorCode, streamFailure } from './chat-completions-errors.js';
import { mapChatCompletionsUsage } from './chat-completions-usage.js';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface PendingToolCall {
  id: string | undefined;
  name: string;
  arguments: string;
}

/**
 * Assembles a chat-completions stream into provider stream parts. Feed it each chunk with
 * `push()`, which returns the parts ready to yield (text deltas at once, tool calls with their
 * assembled arguments once the finish reason arrives); call `finish()` when the chunks run out.
 * A stream that ended before its finish reason (or before its usage report, where the dialect
 * requires one) makes `finish()` throw a `ConnectionError` with code `stream_truncated`, never a
 * clean finish. An error carried by a chunk throws a `ServerError` (a `RateLimitError` for a rate
 * limit).
 */
export class ChatCompletionsStream {
  private readonly toolCalls = new Map<number, PendingToolCall>();
  private rawFinishReason: string | undefined;
  private usage: Usage | undefined;
  private id: string | undefined;
  private model: string | undefined;
  /** Whether answer text came, and refusal text: a refusal alone ends as `content-filter`. */
  private content = false;
  private refusal = false;

  constructor(
    private readonly context: ChatCompletionsContext,
    private readonly dialect: ChatCompletionsDialect = {},
  ) {}

  /** Takes one chunk; returns the parts it completes. */
  push(chunk: unknown): ProviderStreamPart[] {
    if (!isObject(chunk)) throw invalidAnswer(this.context, 'a stream chunk is not a JSON object');
    const failure =
      this.dialect.streamChunkError?.(chunk) ??
      (isObject(chunk.error) ? String(chunk.error.message ?? 'stream error') : undefined);
    if (failure !== undefined) {
      throw streamFailure(
        failure,
        isObject(chunk.error) ? errorCode(chunk.error) : undefined,
        this.context,
      );
    }
    // An opening chunk may carry `id: ""` and `model: ""` (Azure's content-filter results): none.
    this.id ??= nonEmpty(chunk.id);
    this.model ??= nonEmpty(chunk.model);
    const usage = mapChatCompletionsUsage(
      this.dialect.streamUsage === undefined ? chunk.usage : this.dialect.streamUsage(chunk),
      this.dialect.reasoningTokens,
    );
    if (usage !== undefined) this.usage = usage;

    const parts: ProviderStreamPart[] = [];
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!isObject(choice) || this.rawFinishReason !== undefined) return parts;
    const delta = isObject(choice.delta) ? choice.delta : {};
    const reasoning = reasoningOf(delta);
    if (reasoning !== '') parts.push({ type: 'reasoning-delta', text: reasoning });
    if (typeof delta.content === 'string' && delta.content !== '') {
      this.content = true;
      parts.push({ type: 'text-delta', text: delta.content });
    }
    // A refusal is the answer's text, as in a complete answer, and ends it as `content-filter`.
    if (typeof delta.refusal === 'string' && delta.refusal !== '') {
      this.refusal = true;
      parts.push({ type: 'text-delta', text: delta.refusal });
    }
    if (Array.isArray(delta.tool_calls)) {
      delta.tool_calls.forEach((raw: unknown, position) => {
        this.addToolCallDelta(raw, position);
      });
    }
    if (typeof choice.finish_reason === 'string') {
      this.rawFinishReason = choice.finish_reason;
      parts.push(...this.completedToolCalls());
    }
    return parts;
  }

  /** The closing `finish` part; throws when the stream was cut short. */
  finish(): ProviderStreamPart {
    const missing =
      this.rawFinishReason === undefined
        ? 'its finish reason'
        : this.dialect.requireStreamUsage && this.usage === undefined
          ? 'its usage report'
          : undefined;
    if (missing !== undefined) {
      throw new ConnectionError(
        `${this.context.provider}: the stream ended before ${missing} (truncated).`,
        { provider: this.context.provider, model: this.context.model, code: 'stream_truncated' },
      );
    }
    const refused = this.refusal && !this.content;
    return {
      type: 'finish',
      finishReason: refused
        ? 'content-filter'
        : mapChatCompletionsFinishReason(this.rawFinishReason),
      rawFinishReason: refused ? 'refusal' : this.rawFinishReason,
      usage: this.usage ?? ZERO_USAGE,
      model: this.model,
      id: this.id,
    };
  }

  private addToolCallDelta(raw: unknown, position: number): void {
    if (!isObject(raw)) return;
    const index = typeof raw.index === 'number' ? raw.index : position;
    let call = this.toolCalls.get(index);
    if (call === undefined) {
      call = { id: undefined, name: '', arguments: '' };
      this.toolCalls.set(index, call);
    }
    if (typeof raw.id === 'string' && raw.id !== '') call.id = raw.id;
    const fn = isObject(raw.function) ? raw.function : {};
    if (typeof fn.name === 'string' && call.name === '') call.name = fn.name;
    if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
  }

  private completedToolCalls(): ProviderStreamPart[] {
    const ordered = [...this.toolCalls.entries()].sort(([a], [b]) => a - b);
    return ordered.map(([, call], index) => {
      if (call.name === '')
        throw invalidAnswer(this.context, `streamed tool call ${index} has no function name`);
      return {
        type: 'tool-call',
        toolCall: {
          id:
            call.id ??
            syntheticToolCallId({
              responseId: this.id,
              index,
              name: call.name,
              arguments: call.arguments,
            }),
          name: call.name,
          ...readToolCallArguments(call.arguments, {
            provider: this.context.provider,
            model: this.context.model,
            toolName: call.name,
            cutOff: mapChatCompletionsFinishReason(this.rawFinishReason) === 'length',
          }),
        },
      };
    });
  }
}
