import {
  ContentFilterError,
  InvalidResponseError,
  type ProviderResponse,
  syntheticToolCallId,
  type ToolCall,
  type Usage,
  ZERO_USAGE,
} from '@switchyard/core';
import { type GoogleMetadataDraft, googleExtras, signed } from './google-extras.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Which call an answer belongs to, for ids and error messages. */
export interface GoogleContext {
  /** The provider id (`google`). */
  readonly provider: string;
  /** The model the request named. */
  readonly model: string;
  /** Messages in the request: part of the seed of synthetic tool-call ids. */
  readonly turn: number;
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Maps Gemini `usageMetadata`: `promptTokenCount` (cached tokens included, and reported apart from
 * `cachedContentTokenCount`), output as candidates plus thinking tokens (`thoughtsTokenCount`,
 * reported apart as reasoning). `undefined` when there is none.
 */
export function mapGoogleUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const inputTokens = count(usage.promptTokenCount) ?? 0;
  const thoughts = count(usage.thoughtsTokenCount);
  const outputTokens = (count(usage.candidatesTokenCount) ?? 0) + (thoughts ?? 0);
  const cached = count(usage.cachedContentTokenCount);
  return {
    inputTokens,
    outputTokens,
    totalTokens: count(usage.totalTokenCount) ?? inputTokens + outputTokens,
    ...(cached !== undefined && { cachedInputTokens: cached }),
    ...(thoughts !== undefined && { reasoningTokens: thoughts }),
  };
}

/** What one answer (or stream chunk) holds, in Switchyard terms. */
export interface GeminiCandidate {
  readonly text: string;
  /** Thought summaries (`thought: true` parts). */
  readonly reasoning: string;
  readonly toolCalls: ToolCall[];
  readonly finishReason: string | undefined;
  /** The `thoughtSignature` of a part that is not a function call. */
  readonly textSignature: string | undefined;
  /** Grounding, citation and URL-context metadata of the candidate, and code-execution parts. */
  readonly metadata: GoogleMetadataDraft;
}

/**
 * Reads the first candidate of a `generateContent` answer or stream chunk: its text (thought
 * parts apart, as reasoning), its function calls as tool calls with stable synthetic ids (Gemini
 * has none) and their `thoughtSignature` as continuation, its finish reason, the signature of a
 * text part, and its grounding, citation and code-execution metadata. A prompt Gemini blocked (`promptFeedback.blockReason`, no candidate) throws
 * a `ContentFilterError`. `firstIndex` numbers the calls of a stream across chunks.
 */
export function readCandidate(
  response: Json,
  context: GoogleContext,
  firstIndex = 0,
): GeminiCandidate {
  const candidates = Array.isArray(response.candidates) ? response.candidates : [];
  const candidate: unknown = candidates[0];
  if (!isObject(candidate)) {
    const feedback = isObject(response.promptFeedback) ? response.promptFeedback : {};
    if (typeof feedback.blockReason === 'string') {
      throw new ContentFilterError(
        `${context.provider}: the prompt was blocked (${feedback.blockReason}).`,
        { provider: context.provider, model: context.model, code: feedback.blockReason },
      );
    }
    return {
      text: '',
      reasoning: '',
      toolCalls: [],
      finishReason: undefined,
      textSignature: undefined,
      metadata: {},
    };
  }
  const parts =
    isObject(candidate.content) && Array.isArray(candidate.content.parts)
      ? candidate.content.parts
      : [];
  let text = '';
  let reasoning = '';
  let textSignature: string | undefined;
  const toolCalls: ToolCall[] = [];
  const metadata: GeminiCandidate['metadata'] = {};
  for (const part of parts) {
    if (!isObject(part)) continue;
    const signature =
      typeof part.thoughtSignature === 'string' && part.thoughtSignature !== ''
        ? part.thoughtSignature
        : undefined;
    if (typeof part.text === 'string') {
      if (part.thought === true) reasoning += part.text;
      else text += part.text;
    }
    if (isObject(part.functionCall)) {
      const call = toToolCall(part.functionCall, firstIndex + toolCalls.length, context);
      toolCalls.push(signature === undefined ? call : { ...call, continuation: signed(signature) });
    } else if (signature !== undefined && part.thought !== true) {
      textSignature = signature;
    }
    if (isObject(part.executableCode) || isObject(part.codeExecutionResult)) {
      metadata.codeExecution ??= [];
      metadata.codeExecution.push(part);
    }
  }
  for (const key of ['groundingMetadata', 'citationMetadata', 'urlContextMetadata'] as const) {
    const value = candidate[key];
    if (isObject(value)) metadata[key] = value;
  }
  return {
    text,
    reasoning,
    toolCalls,
    finishReason: typeof candidate.finishReason === 'string' ? candidate.finishReason : undefined,
    textSignature,
    metadata,
  };
}

function toToolCall(call: Json, index: number, context: GoogleContext): ToolCall {
  if (typeof call.name !== 'string' || call.name === '') {
    throw invalidAnswer(context, `function call ${index} has no name`);
  }
  const args = call.args ?? {};
  if (!isObject(args)) {
    throw new InvalidResponseError(
      `${context.provider}: the arguments of the model's call to tool "${call.name}" are not a JSON object.`,
      { provider: context.provider, model: context.model, code: 'invalid_tool_arguments' },
    );
  }
  return {
    // Seeded with the conversation's length rather than a response id, so that the same answer
    // to the same conversation always gets the same ids, and a later turn gets other ones.
    id: syntheticToolCallId({
      responseId: `turn-${context.turn}`,
      index,
      name: call.name,
      arguments: args,
    }),
    name: call.name,
    arguments: args,
  };
}

/**
 * Maps a `generateContent` answer to a provider response. An answer without candidates or
 * feedback throws an `InvalidResponseError`.
 */
export function fromGeminiResponse(response: unknown, context: GoogleContext): ProviderResponse {
  if (
    !isObject(response) ||
    (!Array.isArray(response.candidates) && !isObject(response.promptFeedback))
  ) {
    throw invalidAnswer(
      context,
      `the answer is not a generateContent response (got ${describe(response)})`,
    );
  }
  const { text, reasoning, toolCalls, finishReason, textSignature, metadata } = readCandidate(
    response,
    context,
  );
  return {
    text,
    toolCalls,
    ...googleExtras(reasoning, textSignature, metadata),
    finishReason: mapGoogleFinishReason(finishReason, toolCalls.length > 0),
    rawFinishReason: finishReason,
    usage: mapGoogleUsage(response.usageMetadata) ?? ZERO_USAGE,
    model: typeof response.modelVersion === 'string' ? response.modelVersion : undefined,
    id: typeof response.responseId === 'string' ? response.responseId : undefined,
  };
}

/** The `InvalidResponseError` for an answer that breaks the wire format. */
export function invalidAnswer(
  context: Pick<GoogleContext, 'provider' | 'model'>,
  what: string,
): InvalidResponseError {
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
