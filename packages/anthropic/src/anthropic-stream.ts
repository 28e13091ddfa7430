import {
  ConnectionError,
  errorFromStreamFrame,
  type ProviderStreamPart,
  parseToolCallArguments,
  syntheticToolCallId,
  type Usage,
  ZERO_USAGE,
} from '@switchyard/core';
import { AnthropicExtras } from './anthropic-reasoning.js';
import { type AnthropicContext, contextExceeded, invalidAnswer } from './anthropic-response.js';
import { mapAnthropicUsage } from './anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface OpenBlock {
  readonly type: string;
  readonly id: string | undefined;
  readonly name: string;
  /** The block as `content_block_start` gave it (a whole input, a server tool's result). */
  readonly start: Json;
  json: string;
  thinking: string;
  signature: string;
  readonly citations: unknown[];
}

// Prompt-side counts: message_delta repeats them cumulatively (larger once a server tool has
// added its results); they never shrink, so the largest value seen wins.
const INPUT_COUNTS = new Set([
  'input_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
]);

/**
 * Assembles an Anthropic Messages stream into provider stream parts. Feed it each event with
 * `push()`, which returns the parts ready to yield: text deltas at once, a tool call once its
 * block stops (its `input_json_delta` pieces joined and parsed). Usage is collected where
 * Anthropic puts it: input and cache tokens in `message_start`, the cumulative output tokens in
 * `message_delta`. `finish()` throws a `ConnectionError` (`stream_truncated`) when the stream
 * ended before `message_stop`, never a clean finish; an `error` event throws a `ServerError`
 * (a `RateLimitError` for a rate limit).
 */
export class AnthropicStream {
  private readonly blocks = new Map<number, OpenBlock>();
  private usage: Usage | undefined;
  private rawUsage: Json = {};
  private stopReason: string | undefined;
  private stopped = false;
  private emitted = false;
  /** A tool call whose input did not parse, held until the stop reason says whether it was cut. */
  private cut: { part: ProviderStreamPart; error: unknown } | undefined = undefined;
  private toolCalls = 0;
  private id: string | undefined;
  private model: string | undefined;
  private readonly extras = new AnthropicExtras();

  constructor(
    private readonly context: AnthropicContext,
    /** The forced tool whose input is the answer's JSON text (older models), if any. */
    private readonly jsonTool: string | undefined,
  ) {}

  /** Takes one event; returns the parts it completes. */
  push(event: unknown): ProviderStreamPart[] {
    if (!isObject(event)) throw invalidAnswer(this.context, 'a stream event is not a JSON object');
    switch (event.type) {
      case 'message_start': {
        const message = isObject(event.message) ? event.message : {};
        if (typeof message.id === 'string') this.id = message.id;
        if (typeof message.model === 'string') this.model = message.model;
        this.addUsage(message.usage);
        // Some servers send the whole answer in message_start, then message_stop.
        if (typeof message.stop_reason === 'string') this.stopReason = message.stop_reason;
        const parts: ProviderStreamPart[] = [];
        if (Array.isArray(message.content)) {
          message.content.forEach((block: unknown, index) => {
            if (!isObject(block)) return;
            const at = -1 - index;
            parts.push(...this.start({ index: at, content_block: block }));
            parts.push(...this.stop({ index: at }));
          });
        }
        return parts;
      }
      case 'content_block_start':
        return this.start(event);
      case 'content_block_delta':
        return this.delta(event);
      case 'content_block_stop':
        return this.stop(event);
      case 'message_delta': {
        const delta = isObject(event.delta) ? event.delta : {};
        if (typeof delta.stop_reason === 'string') this.stopReason = delta.stop_reason;
        this.addUsage(event.usage);
        const cut = this.cut;
        if (cut === undefined || this.stopReason === undefined) return [];
        this.cut = undefined;
        if (mapAnthropicFinishReason(this.stopReason) !== 'length') throw cut.error;
        this.emitted = true;
        return [cut.part];
      }
      case 'message_stop':
        this.stopped = true;
        return [];
      case 'error': {
        const error = isObject(event.error) ? event.error : {};
        throw errorFromStreamFrame({
          provider: this.context.provider,
          model: this.context.model,
          message: typeof error.message === 'string' ? error.message : 'stream error',
          code: typeof error.type === 'string' ? error.type : undefined,
        });
      }
      default:
        // `ping`, and event types newer than this adapter.
        return [];
    }
  }

  /** The closing `finish` part; throws when the stream was cut short. */
  finish(): ProviderStreamPart {
    if (!this.stopped || this.stopReason === undefined) {
      const missing = this.stopReason === undefined ? 'its stop reason' : 'message_stop';
      throw new ConnectionError(
        `${this.context.provider}: the stream ended before ${missing} (truncated).`,
        { provider: this.context.provider, model: this.context.model, code: 'stream_truncated' },
      );
    }
    if (this.stopReason === 'model_context_window_exceeded' && !this.emitted) {
      throw contextExceeded(this.context);
    }
    const forcedJson = this.jsonTool !== undefined && this.stopReason === 'tool_use';
    const { continuation, providerMetadata } = this.extras.result();
    return {
      type: 'finish',
      finishReason: forcedJson ? 'stop' : mapAnthropicFinishReason(this.stopReason),
      rawFinishReason: this.stopReason,
      usage: this.usage ?? ZERO_USAGE,
      model: this.model,
      id: this.id,
      ...(continuation !== undefined && { continuation }),
      ...(providerMetadata !== undefined && { providerMetadata }),
    };
  }

  // message_delta repeats counts cumulatively: the latest output count wins, the largest prompt
  // count wins, and the latest `iterations`, details and server-tool counts replace earlier ones.
  private addUsage(raw: unknown): void {
    if (!isObject(raw)) return;
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === 'number') {
        const before = this.rawUsage[key];
        this.rawUsage[key] =
          INPUT_COUNTS.has(key) && typeof before === 'number' ? Math.max(before, value) : value;
      } else if (typeof value === 'object' && value !== null) {
        this.rawUsage[key] = value;
      }
    }
    this.usage = mapAnthropicUsage(this.rawUsage);
  }

  private start(event: Json): ProviderStreamPart[] {
    const block = isObject(event.content_block) ? event.content_block : {};
    const index = typeof event.index === 'number' ? event.index : this.blocks.size;
    const type = typeof block.type === 'string' ? block.type : 'unknown';
    this.blocks.set(index, {
      type,
      id: typeof block.id === 'string' ? block.id : undefined,
      name: typeof block.name === 'string' ? block.name : '',
      start: block,
      json: '',
      thinking: typeof block.thinking === 'string' ? block.thinking : '',
      signature: typeof block.signature === 'string' ? block.signature : '',
      citations: Array.isArray(block.citations) ? [...block.citations] : [],
    });
    if (type === 'thinking' && typeof block.thinking === 'string' && block.thinking !== '') {
      return [{ type: 'reasoning-delta', text: block.thinking }];
    }
    if (
      type === 'text' &&
      typeof block.text === 'string' &&
      block.text !== '' &&
      this.jsonTool === undefined
    ) {
      return [this.text(block.text)];
    }
    return [];
  }

  private delta(event: Json): ProviderStreamPart[] {
    const delta = isObject(event.delta) ? event.delta : {};
    const block = typeof event.index === 'number' ? this.blocks.get(event.index) : undefined;
    // With the forced JSON tool, its input is the whole answer: stray text is not part of it.
    if (
      delta.type === 'text_delta' &&
      typeof delta.text === 'string' &&
      delta.text !== '' &&
      this.jsonTool === undefined
    ) {
      return [this.text(delta.text)];
    }
    if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') {
      if (block !== undefined) block.thinking += delta.thinking;
      return delta.thinking === '' ? [] : [{ type: 'reasoning-delta', text: delta.thinking }];
    }
    if (delta.type === 'signature_delta' && typeof delta.signature === 'string') {
      if (block !== undefined) block.signature += delta.signature;
      return [];
    }
    if (delta.type === 'citations_delta' && block !== undefined) {
      block.citations.push(delta.citation);
      return [];
    }
    if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
      if (block === undefined) throw invalidAnswer(this.context, 'a tool input delta has no block');
      block.json += delta.partial_json;
      // The forced JSON tool's input is the answer itself: stream it as text.
      if (block.name === this.jsonTool && delta.partial_json !== '') {
        return [this.text(delta.partial_json)];
      }
    }
    return [];
  }

  private stop(event: Json): ProviderStreamPart[] {
    const index = typeof event.index === 'number' ? event.index : -1;
    const block = this.blocks.get(index);
    this.blocks.delete(index);
    if (block === undefined) return [];
    if (block.type === 'thinking') {
      this.extras.add({ type: 'thinking', thinking: block.thinking, signature: block.signature });
      return [];
    }
    if (block.type === 'text') {
      this.extras.addCitations(block.citations);
      return [];
    }
    // A tool's input arrives in input_json_delta pieces, or whole in content_block_start.
    const whole = block.json === '' && isObject(block.start.input) ? block.start.input : undefined;
    if (block.type === 'server_tool_use') {
      this.extras.add({ ...block.start, input: whole ?? this.parse(block) });
      return [];
    }
    if (block.type !== 'tool_use') {
      this.extras.add(block.start);
      return [];
    }
    if (block.name === this.jsonTool) {
      return whole !== undefined && Object.keys(whole).length > 0
        ? [this.text(JSON.stringify(whole))]
        : [];
    }
    if (block.name === '') throw invalidAnswer(this.context, 'a streamed tool call has no name');
    const position = this.toolCalls++;
    const id =
      block.id ??
      syntheticToolCallId({
        responseId: this.id,
        index: position,
        name: block.name,
        arguments: block.json,
      });
    let args: Readonly<Record<string, unknown>>;
    try {
      args = whole ?? this.parse(block);
    } catch (error) {
      // The stop reason comes after the block: a call cut by max_tokens is answered as incomplete
      // then (message_delta), any other unparsable input fails as before.
      this.cut = {
        part: {
          type: 'tool-call',
          toolCall: {
            id,
            name: block.name,
            arguments: {},
            incomplete: true,
            rawArguments: block.json,
          },
        },
        error,
      };
      return [];
    }
    this.emitted = true;
    return [
      {
        type: 'tool-call',
        toolCall: {
          id,
          name: block.name,
          arguments: args,
        },
      },
    ];
  }

  private parse(block: OpenBlock): Readonly<Record<string, unknown>> {
    return parseToolCallArguments(block.json, {
      provider: this.context.provider,
      model: this.context.model,
      toolName: block.name,
    });
  }

  private text(text: string): ProviderStreamPart {
    this.emitted = true;
    return { type: 'text-delta', text };
  }
}
