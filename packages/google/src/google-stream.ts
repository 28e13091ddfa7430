import {
  ConnectionError,
  errorFromStreamFrame,
  type ProviderStreamPart,
  type Usage,
  ZERO_USAGE,
} from '@switchyard/core';
import { retryDelayOf } from './google-errors.js';
import { type GoogleMetadataDraft, googleExtras } from './google-extras.js';
import {
  type GoogleContext,
  invalidAnswer,
  mapGoogleUsage,
  readCandidate,
} from './google-response.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Assembles a Gemini stream into provider stream parts. Feed it each chunk with `push()`, which
 * returns the parts it holds: text deltas, and each function call whole (Gemini sends them in one
 * part) with a stable synthetic id. The usage of the last chunk that carries one wins. Gemini
 * sends an error inside a stream as an ordinary `{ error }` chunk: `push()` throws a `ServerError`
 * for it (a `RateLimitError` for `RESOURCE_EXHAUSTED`). The stream has no terminator, so
 * `finish()` throws a `ConnectionError` (`stream_truncated`) unless a finish reason came.
 */
export class GoogleStream {
  private finishReason: string | undefined;
  private toolCalls = 0;
  private usage: Usage | undefined;
  private id: string | undefined;
  private model: string | undefined;
  private textSignature: string | undefined;
  private readonly metadata: GoogleMetadataDraft = {};

  constructor(private readonly context: GoogleContext) {}

  /** Takes one chunk; returns the parts it holds. */
  push(chunk: unknown): ProviderStreamPart[] {
    if (!isObject(chunk)) throw invalidAnswer(this.context, 'a stream chunk is not a JSON object');
    if (isObject(chunk.error)) {
      const error = chunk.error;
      const status = typeof error.status === 'string' ? error.status : undefined;
      throw errorFromStreamFrame({
        provider: this.context.provider,
        model: this.context.model,
        message: typeof error.message === 'string' ? error.message : 'stream error',
        code: status,
        rateLimited: error.code === 429 || status === 'RESOURCE_EXHAUSTED',
        retryAfterMs: retryDelayOf(error.details),
      });
    }
    if (typeof chunk.responseId === 'string') this.id ??= chunk.responseId;
    if (typeof chunk.modelVersion === 'string') this.model ??= chunk.modelVersion;
    this.usage = mapGoogleUsage(chunk.usageMetadata) ?? this.usage;
    const { text, reasoning, toolCalls, finishReason, textSignature, metadata } = readCandidate(
      chunk,
      this.context,
      this.toolCalls,
    );
    if (finishReason !== undefined) this.finishReason = finishReason;
    if (textSignature !== undefined) this.textSignature = textSignature;
    // Grounding metadata grows chunk by chunk: the latest wins; code-execution parts add up.
    const { codeExecution, ...latest } = metadata;
    Object.assign(this.metadata, latest);
    if (codeExecution !== undefined) {
      this.metadata.codeExecution = [...(this.metadata.codeExecution ?? []), ...codeExecution];
    }
    this.toolCalls += toolCalls.length;
    const parts: ProviderStreamPart[] = [];
    if (reasoning !== '') parts.push({ type: 'reasoning-delta', text: reasoning });
    if (text !== '') parts.push({ type: 'text-delta', text });
    for (const toolCall of toolCalls) parts.push({ type: 'tool-call', toolCall });
    return parts;
  }

  /** The closing `finish` part; throws when the stream ended before its finish reason. */
  finish(): ProviderStreamPart {
    if (this.finishReason === undefined) {
      throw new ConnectionError(
        `${this.context.provider}: the stream ended before its finish reason (truncated).`,
        { provider: this.context.provider, model: this.context.model, code: 'stream_truncated' },
      );
    }
    return {
      type: 'finish',
      finishReason: mapGoogleFinishReason(this.finishReason, this.toolCalls > 0),
      rawFinishReason: this.finishReason,
      usage: this.usage ?? ZERO_USAGE,
      model: this.model,
      id: this.id,
      ...googleExtras('', this.textSignature, this.metadata),
    };
  }
}
