import {
  ContentFilterError,
  InvalidRequestError,
  InvalidResponseError,
  type Message,
  type ProviderContinuation,
  type ProviderMetadata,
  type ProviderRequest,
  type ProviderResponse,
  syntheticToolCallId,
  type ToolCall,
  type ToolChoice,
  type Usage,
  ZERO_USAGE,
} from '@switchyard/core';
import { toUserParts } from './google-content.js';
import { toGeminiSchema } from './google-schema.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

type Json = Record<string, unknown>;

/** The vendor name of Gemini's continuation state and metadata. */
export const GOOGLE_VENDOR = 'google';

/**
 * The `data` of a Gemini continuation: the `thoughtSignature` Gemini put on a part. On a tool
 * call, the signature of its `functionCall` part (Gemini 3 refuses the call's replay without it);
 * on an assistant message, the signature of its text part. Sent back on the same part.
 */
export interface GoogleContinuationData {
  readonly thoughtSignature: string;
}

/**
 * What the Google adapter puts under `providerMetadata.google`, each only when the answer has
 * some, as Gemini sent them: `groundingMetadata` (Google Search: `webSearchQueries`,
 * `groundingChunks`, `groundingSupports`), `citationMetadata`, `urlContextMetadata`, and the
 * code-execution parts (`executableCode`, `codeExecutionResult`) in answer order.
 */
export interface GoogleProviderMetadata {
  readonly groundingMetadata?: Readonly<Record<string, unknown>>;
  readonly citationMetadata?: Readonly<Record<string, unknown>>;
  readonly urlContextMetadata?: Readonly<Record<string, unknown>>;
  readonly codeExecution?: readonly Readonly<Record<string, unknown>>[];
}

const signed = (thoughtSignature: string): ProviderContinuation => ({
  vendor: GOOGLE_VENDOR,
  data: { thoughtSignature } satisfies GoogleContinuationData,
});

/** The signature in a continuation of Gemini's, if it is one. */
function signatureOf(continuation: ProviderContinuation | undefined): string | undefined {
  if (continuation?.vendor !== GOOGLE_VENDOR) return undefined;
  const data = continuation.data;
  return isObject(data) && typeof data.thoughtSignature === 'string'
    ? data.thoughtSignature
    : undefined;
}

/** Which call an answer belongs to, for ids and error messages. */
export interface GoogleContext {
  /** The provider id (`google`). */
  readonly provider: string;
  /** The model the request named. */
  readonly model: string;
  /** Messages in the request: part of the seed of synthetic tool-call ids. */
  readonly turn: number;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface Content {
  readonly role: 'user' | 'model';
  readonly parts: Json[];
}

/**
 * Maps a provider request to a `generateContent` request: system messages joined into
 * `systemInstruction`; user and assistant messages as `user` and `model` contents (neighbours of
 * one kind merged); assistant tool calls as `functionCall` parts; tool results as one `user`
 * content of `functionResponse` parts, matched to their call by name (`name`, else found from the
 * assistant turn that made the call); tools as `functionDeclarations` with Gemini schemas;
 * `toolChoice` as `functionCallingConfig` (`AUTO`, `NONE`, `ANY`, `ANY` with one allowed name);
 * JSON as `responseMimeType: 'application/json'` with the schema as `responseSchema`; sampling in
 * `generationConfig`. `providerOptions` are merged in last (`generationConfig` one level deep).
 */
export function toGeminiRequest(request: ProviderRequest, provider: string): Json {
  const body: Json = { contents: toContents(request, provider) };
  const system = request.messages
    .flatMap((m) => (m.role === 'system' && m.content !== '' ? [m.content] : []))
    .join('\n\n');
  if (system !== '') body.systemInstruction = { role: 'system', parts: [{ text: system }] };
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: tools.map((tool) => {
          const parameters = toGeminiSchema(
            tool.parameters,
            provider,
            `parameters of tool "${tool.name}"`,
            true,
          );
          return {
            name: tool.name,
            ...(tool.description !== undefined && { description: tool.description }),
            // Gemini refuses an object schema without properties: a tool without parameters has none.
            ...(isObject(parameters.properties) && { parameters }),
          };
        }),
      },
    ];
    if (request.toolChoice !== undefined) body.toolConfig = toToolConfig(request.toolChoice);
  }
  const config: Json = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0)
    config.stopSequences = [...request.stop];
  if (request.seed !== undefined) config.seed = request.seed;
  const format = request.responseFormat;
  if (format?.type === 'json') {
    config.responseMimeType = 'application/json';
    if (format.schema !== undefined)
      config.responseSchema = toGeminiSchema(format.schema, provider);
  }
  body.generationConfig = config;
  const extra = request.providerOptions ?? {};
  const merged = { ...body, ...extra };
  if (isObject(extra.generationConfig))
    merged.generationConfig = { ...config, ...extra.generationConfig };
  return merged;
}

function toContents(request: ProviderRequest, provider: string): Content[] {
  const contents: (Content & { kind: string })[] = [];
  const names = new Map<string, string>();
  const add = (kind: 'text' | 'results' | 'model', parts: Json[]) => {
    const last = contents.at(-1);
    // Tool results stay apart from the user's text: they are the function-response turn.
    if (last?.kind === kind) last.parts.push(...parts);
    else contents.push({ kind, role: kind === 'model' ? 'model' : 'user', parts });
  };
  request.messages.forEach((message: Message, index) => {
    switch (message.role) {
      case 'system':
        return;
      case 'user':
        add('text', toUserParts(message.content, provider, request.model, index));
        return;
      case 'assistant': {
        // Thought signatures go back on the parts they came on (Gemini 3 requires them on calls).
        const textSignature = signatureOf(message.continuation);
        const parts: Json[] = message.content
          ? [{ text: message.content, ...(textSignature && { thoughtSignature: textSignature }) }]
          : [];
        for (const call of message.toolCalls ?? []) {
          names.set(call.id, call.name);
          const signature = signatureOf(call.continuation);
          parts.push({
            functionCall: { name: call.name, args: call.arguments },
            ...(signature !== undefined && { thoughtSignature: signature }),
          });
        }
        if (parts.length > 0) add('model', parts);
        return;
      }
      case 'tool': {
        const name = message.name ?? names.get(message.toolCallId);
        if (name === undefined) {
          throw new InvalidRequestError(
            `${provider}: messages[${index}]: the tool result answers no tool call of the conversation; Gemini matches results by name, so give it a \`name\`.`,
            { provider, model: request.model, code: 'unknown_tool_call' },
          );
        }
        add('results', [
          { functionResponse: { name, response: toResponse(message.content, message.isError) } },
        ]);
        return;
      }
    }
  });
  return contents.map(({ role, parts }) => ({ role, parts }));
}

// Gemini wants an object: a JSON object result goes as it is; anything else under `output`, and a
// failed tool's result under `error` (Gemini's own convention for function responses).
function toResponse(content: string, isError: boolean | undefined): Json {
  let value: unknown = content;
  try {
    value = JSON.parse(content);
  } catch {
    // Plain text.
  }
  if (isError === true) return { error: value };
  return isObject(value) ? value : { output: value };
}

function toToolConfig(choice: ToolChoice): Json {
  if (typeof choice !== 'string') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
  const mode = choice === 'required' ? 'ANY' : choice === 'none' ? 'NONE' : 'AUTO';
  return { functionCallingConfig: { mode } };
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
  readonly metadata: {
    -readonly [K in keyof GoogleProviderMetadata]: K extends 'codeExecution' ? Json[] : Json;
  };
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

/** Reasoning, continuation and metadata of an answer, each present only when it has some. */
export function googleExtras(
  reasoning: string,
  textSignature: string | undefined,
  metadata: GeminiCandidate['metadata'],
): {
  reasoning?: string;
  continuation?: ProviderContinuation;
  providerMetadata?: ProviderMetadata;
} {
  return {
    ...(reasoning !== '' && { reasoning }),
    ...(textSignature !== undefined && { continuation: signed(textSignature) }),
    ...(Object.keys(metadata).length > 0 && { providerMetadata: { [GOOGLE_VENDOR]: metadata } }),
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
