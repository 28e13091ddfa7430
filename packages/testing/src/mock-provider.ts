import {
  abortErrorFrom,
  contentText,
  type FinishReason,
  InvalidRequestError,
  type ModelCapabilities,
  type ModelInfo,
  PROVIDER_SPECIFICATION_VERSION,
  type Provider,
  type ProviderCallOptions,
  type ProviderContinuation,
  type ProviderEmbedRequest,
  type ProviderEmbedResponse,
  type ProviderMetadata,
  type ProviderRequest,
  type ProviderResponse,
  type ProviderStreamPart,
  type ToolCall,
  type Usage,
} from '@switchyard/core';
import { mockEmbedding, mockEmbeddingTokens } from './mock-embeddings.js';
import { type MockFailure, mockError } from './mock-errors.js';

/** A scripted answer: a string is shorthand for `{ text }`. */
export type MockReply =
  | string
  | {
      readonly text?: string | undefined;
      /** Tool calls to make; ids are generated (`call_1`, ...) when absent. */
      readonly toolCalls?:
        | readonly {
            readonly id?: string | undefined;
            readonly name: string;
            readonly arguments: Readonly<Record<string, unknown>>;
            /** Vendor state on the call (a Gemini `thoughtSignature`). Defaults to none. */
            readonly continuation?: ProviderContinuation | undefined;
          }[]
        | undefined;
      /**
       * Reasoning text: on the response's `reasoning`, and streamed as `reasoning-delta` chunks
       * (cut like the text) before the text. Defaults to none.
       */
      readonly reasoning?: string | undefined;
      /** Vendor state for the next turn, as the response's `continuation`. Defaults to none. */
      readonly continuation?: ProviderContinuation | undefined;
      /** Citations and server-tool results, as the response's `providerMetadata`. Defaults to none. */
      readonly providerMetadata?: ProviderMetadata | undefined;
      /** Defaults to `tool-calls` when there are tool calls, else `stop`. */
      readonly finishReason?: FinishReason | undefined;
      /**
       * Token counts, every `Usage` field passed through as given; missing input and output
       * counts are estimated at four characters a token.
       */
      readonly usage?: Partial<Usage> | undefined;
      /** The model id to report (a dated snapshot, say). Defaults to the requested model. */
      readonly model?: string | undefined;
      /** The response id to report, as vendors do (`chatcmpl-…`). Defaults to none. */
      readonly id?: string | undefined;
    };

/** Latency in milliseconds: fixed, or drawn uniformly from a range. */
export type MockLatency = number | { readonly min: number; readonly max: number };

/**
 * Which requests a rule applies to: a predicate, or fields that must all match. Strings match as
 * substrings, regular expressions by `test`.
 */
export type MockMatcher =
  | ((request: ProviderRequest) => boolean)
  | {
      readonly model?: string | RegExp | undefined;
      readonly lastUserMessage?: string | RegExp | undefined;
      readonly system?: string | RegExp | undefined;
      readonly hasTools?: boolean | undefined;
      readonly json?: boolean | undefined;
    };

/** One scripted behaviour. The first rule that matches (and is not used up) decides a call. */
export interface MockRule {
  /** Defaults to every request. */
  readonly when?: MockMatcher | undefined;
  /** The answer, or a function of the request and the call's index (0-based, per provider). */
  readonly reply?:
    | MockReply
    | ((request: ProviderRequest, callIndex: number) => MockReply)
    | undefined;
  /** Fail instead of answering (for streams: after `failAfterChunks` chunks, when given). */
  readonly fail?: MockFailure | undefined;
  /** Streams only: emit this many text chunks of `reply`, then fail with `fail` (a connection error by default). */
  readonly failAfterChunks?: number | undefined;
  /** Never answer; reject only when the call is aborted. */
  readonly hang?: boolean | undefined;
  /** Overrides the provider's latency for this rule. */
  readonly latencyMs?: MockLatency | undefined;
  /** Applies to this many matching calls, then is used up. Defaults to every matching call. */
  readonly times?: number | undefined;
}

/** Options of {@link createMockProvider}. */
export interface MockProviderOptions {
  /** The provider id in model references. Defaults to `"mock"`. */
  readonly id?: string | undefined;
  /** The vendor whose continuation state the mock keeps (`Provider.vendor`). Defaults to `id`. */
  readonly vendor?: string | undefined;
  /** Scripted behaviour, tried in order. Defaults to none: every call gets the default reply. */
  readonly rules?: readonly MockRule[] | undefined;
  /** Answer when no rule matches. Defaults to a short text naming the model and the question. */
  readonly defaultReply?: MockReply | undefined;
  /** Time before the answer (for streams: before the first chunk). Defaults to 0. */
  readonly latencyMs?: MockLatency | undefined;
  /** Streams: time between chunks. Defaults to 0. */
  readonly chunkDelayMs?: number | undefined;
  /** Streams: characters per text chunk. Defaults to one word (with its trailing space) per chunk. */
  readonly chunkSize?: number | undefined;
  /**
   * Known models and their facts. When given, other models are refused like a vendor refuses an
   * unknown model (HTTP 404). Defaults to accepting every model.
   */
  readonly models?:
    | Readonly<
        Record<
          string,
          {
            readonly contextWindow?: number | undefined;
            readonly maxOutputTokens?: number | undefined;
            readonly capabilities?: Partial<ModelCapabilities> | undefined;
          }
        >
      >
    | undefined;
  /** How many calls `calls` keeps (oldest dropped first). Defaults to 10 000. */
  readonly maxRecordedCalls?: number | undefined;
  /** Randomness for latency ranges. Defaults to `Math.random`. */
  readonly random?: (() => number) | undefined;
  /**
   * Gives the mock an `embed` method, for testing `router.embed`: deterministic unit vectors
   * (the same text, the same vector; not semantic) of the request's `dimensions`, else this
   * `dimensions` (default 8), with about four characters a token as usage. Rules apply as to chat
   * (`failNext`, `hangNext`, latency; an embed call matches as a request whose user messages are
   * the inputs); replies are ignored. Defaults to off: like Anthropic and Groq, no embeddings.
   */
  readonly embeddings?: boolean | { readonly dimensions?: number | undefined } | undefined;
}

/** A call the mock received. */
export interface MockCall {
  readonly kind: 'chat' | 'stream' | 'embed';
  /** The request; for `embed`, the inputs as user messages. */
  readonly request: ProviderRequest;
  /** Index of the call on this provider, from 0. */
  readonly index: number;
  /** How the call ended so far. */
  outcome: 'pending' | 'success' | 'error' | 'aborted';
  /** The error it ended with, for `error` and `aborted`. */
  error: Error | undefined;
  /** Text chunks emitted (streams). */
  chunks: number;
}

/** A scripted provider for tests, demos and benchmarks, with failure injection and a call log. */
export interface MockProvider extends Provider {
  /** Every call received, oldest first (bounded by `maxRecordedCalls`). */
  readonly calls: readonly MockCall[];
  /** Total calls received, including ones dropped from `calls`. */
  readonly callCount: number;
  /** Makes the next `times` calls (matching `when`) fail. Returns the provider, for chaining. */
  failNext(failure: MockFailure, times?: number, when?: MockMatcher): this;
  /** Makes the next `times` calls hang until they are aborted. */
  hangNext(times?: number, when?: MockMatcher): this;
  /** Makes the next `times` calls answer `reply`. */
  replyNext(reply: MockReply, times?: number, when?: MockMatcher): this;
  /** Adds a rule in front of the others. */
  addRule(rule: MockRule): this;
  /** Forgets recorded calls and rules added after creation. */
  reset(): void;
}

interface LiveRule {
  readonly rule: MockRule;
  remaining: number;
}

const DEFAULT_CAPABILITIES = {
  tools: true,
  json: true,
  jsonSchema: true,
  streaming: true,
} as const;

/**
 * Creates a scripted provider: answers chosen by matchers on the request, text and tool-call
 * answers, streamed in chunks, fixed or random latency, failure injection (fail the next N calls,
 * fail with an error kind or HTTP status, fail after K streamed chunks, hang until aborted), and a
 * record of every call. It speaks the provider contract, so a router uses it like a real vendor.
 *
 * @example
 * const openai = createMockProvider({ id: 'openai', rules: [{ reply: 'Paris.' }] });
 * openai.failNext({ status: 503 }, 2);
 */
export function createMockProvider(options: MockProviderOptions = {}): MockProvider {
  const id = options.id ?? 'mock';
  const initialRules = (options.rules ?? []).map(live);
  let rules: LiveRule[] = [...initialRules];
  const calls: MockCall[] = [];
  const maxRecorded = options.maxRecordedCalls ?? 10_000;
  const random = options.random ?? Math.random;
  let callCount = 0;

  function live(rule: MockRule): LiveRule {
    return { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
  }

  function record(kind: MockCall['kind'], request: ProviderRequest): MockCall {
    const call: MockCall = {
      kind,
      request,
      index: callCount++,
      outcome: 'pending',
      error: undefined,
      chunks: 0,
    };
    calls.push(call);
    if (calls.length >= maxRecorded * 2) calls.splice(0, calls.length - maxRecorded);
    return call;
  }

  function pick(request: ProviderRequest): MockRule | undefined {
    for (const entry of rules) {
      if (entry.remaining <= 0 || !matches(entry.rule.when, request)) continue;
      entry.remaining -= 1;
      return entry.rule;
    }
    return undefined;
  }

  function checkModel(request: ProviderRequest): void {
    if (options.models !== undefined && !Object.hasOwn(options.models, request.model)) {
      throw new InvalidRequestError(`${id} 404: The model \`${request.model}\` does not exist.`, {
        provider: id,
        model: request.model,
        status: 404,
        code: 'model_not_found',
      });
    }
  }

  function resolveReply(
    rule: MockRule | undefined,
    request: ProviderRequest,
    index: number,
  ): ProviderResponse {
    const source = rule?.reply ?? options.defaultReply ?? defaultReply(id, request);
    const reply = typeof source === 'function' ? source(request, index) : source;
    return toResponse(reply, request);
  }

  function latencyOf(rule: MockRule | undefined): number {
    const latency = rule?.latencyMs ?? options.latencyMs ?? 0;
    if (typeof latency === 'number') return latency;
    return latency.min + random() * (latency.max - latency.min);
  }

  const provider: MockProvider = {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    vendor: options.vendor ?? id,
    id,
    get calls() {
      return calls;
    },
    get callCount() {
      return callCount;
    },

    getModelInfo(modelId: string): ModelInfo | undefined {
      const known = options.models?.[modelId];
      if (known === undefined) return undefined;
      return {
        id: modelId,
        contextWindow: known.contextWindow ?? 128_000,
        maxOutputTokens: known.maxOutputTokens,
        capabilities: { ...DEFAULT_CAPABILITIES, ...known.capabilities },
      };
    },

    async chat(
      request: ProviderRequest,
      callOptions: ProviderCallOptions,
    ): Promise<ProviderResponse> {
      const call = record('chat', request);
      try {
        checkModel(request);
        const rule = pick(request);
        if (rule?.hang) await hang(callOptions);
        const latency = latencyOf(rule);
        if (latency > 0) await delay(latency, callOptions);
        if (rule?.fail !== undefined) throw mockError(rule.fail, id, request.model);
        const response = resolveReply(rule, request, call.index);
        call.outcome = 'success';
        return response;
      } catch (error) {
        settle(call, error);
        throw error;
      }
    },

    stream(
      request: ProviderRequest,
      callOptions: ProviderCallOptions,
    ): AsyncIterable<ProviderStreamPart> {
      const call = record('stream', request);
      const chunkSize = options.chunkSize;
      const chunkDelay = options.chunkDelayMs ?? 0;
      return {
        async *[Symbol.asyncIterator]() {
          try {
            checkModel(request);
            const rule = pick(request);
            if (rule?.hang) await hang(callOptions);
            const latency = latencyOf(rule);
            if (latency > 0) await delay(latency, callOptions);
            const failAfter = rule?.failAfterChunks;
            if (rule?.fail !== undefined && failAfter === undefined) {
              throw mockError(rule.fail, id, request.model);
            }
            const response = resolveReply(rule, request, call.index);
            const chunks: ProviderStreamPart[] = [];
            for (const text of splitText(response.reasoning ?? '', chunkSize))
              chunks.push({ type: 'reasoning-delta', text });
            for (const text of splitText(response.text, chunkSize))
              chunks.push({ type: 'text-delta', text });
            for (const chunk of chunks) {
              if (failAfter !== undefined && call.chunks >= failAfter) {
                throw mockError(
                  rule?.fail ?? { kind: 'connection', message: 'stream interrupted' },
                  id,
                  request.model,
                );
              }
              if (call.chunks > 0 && chunkDelay > 0) await delay(chunkDelay, callOptions);
              call.chunks += 1;
              yield chunk;
            }
            if (failAfter !== undefined) {
              throw mockError(
                rule?.fail ?? { kind: 'connection', message: 'stream interrupted' },
                id,
                request.model,
              );
            }
            for (const toolCall of response.toolCalls) yield { type: 'tool-call', toolCall };
            call.outcome = 'success';
            yield {
              type: 'finish',
              finishReason: response.finishReason,
              usage: response.usage,
              model: response.model,
              id: response.id,
              continuation: response.continuation,
              providerMetadata: response.providerMetadata,
            };
          } catch (error) {
            settle(call, error);
            throw error;
          } finally {
            if (call.outcome === 'pending') call.outcome = 'aborted';
          }
        },
      };
    },

    failNext(failure, times = 1, when) {
      return provider.addRule({ fail: failure, times, when });
    },
    hangNext(times = 1, when) {
      return provider.addRule({ hang: true, times, when });
    },
    replyNext(reply, times = 1, when) {
      return provider.addRule({ reply, times, when });
    },
    addRule(rule) {
      rules.unshift(live(rule));
      return provider;
    },
    reset() {
      calls.length = 0;
      callCount = 0;
      rules = (options.rules ?? []).map(live);
    },
  };
  if (options.embeddings !== undefined && options.embeddings !== false) {
    const size = (options.embeddings === true ? undefined : options.embeddings.dimensions) ?? 8;
    provider.embed = async (
      request: ProviderEmbedRequest,
      callOptions: ProviderCallOptions,
    ): Promise<ProviderEmbedResponse> => {
      const asChat: ProviderRequest = {
        model: request.model,
        messages: request.input.map((text) => ({ role: 'user' as const, content: text })),
      };
      const call = record('embed', asChat);
      try {
        checkModel(asChat);
        const rule = pick(asChat);
        if (rule?.hang) await hang(callOptions);
        const latency = latencyOf(rule);
        if (latency > 0) await delay(latency, callOptions);
        if (rule?.fail !== undefined) throw mockError(rule.fail, id, request.model);
        const dimensions = request.dimensions ?? size;
        call.outcome = 'success';
        return {
          embeddings: request.input.map((text) => mockEmbedding(text, dimensions)),
          usage: { inputTokens: mockEmbeddingTokens(request.input) },
        };
      } catch (error) {
        settle(call, error);
        throw error;
      }
    };
  }
  return provider;
}

function settle(call: MockCall, error: unknown): void {
  call.error = error instanceof Error ? error : new Error(String(error));
  call.outcome = (error as { kind?: string }).kind === 'abort' ? 'aborted' : 'error';
}

function matches(when: MockMatcher | undefined, request: ProviderRequest): boolean {
  if (when === undefined) return true;
  if (typeof when === 'function') return when(request);
  if (when.model !== undefined && !test(when.model, request.model)) return false;
  if (
    when.hasTools !== undefined &&
    (request.tools !== undefined && request.tools.length > 0) !== when.hasTools
  ) {
    return false;
  }
  if (when.json !== undefined && (request.responseFormat?.type === 'json') !== when.json)
    return false;
  if (when.lastUserMessage !== undefined) {
    const last = lastUserText(request);
    if (last === undefined || !test(when.lastUserMessage, last)) return false;
  }
  if (when.system !== undefined) {
    const system = request.messages.find((m) => m.role === 'system')?.content;
    if (typeof system !== 'string' || !test(when.system, system)) return false;
  }
  return true;
}

function test(pattern: string | RegExp, value: string): boolean {
  if (typeof pattern === 'string') return value.includes(pattern);
  pattern.lastIndex = 0;
  return pattern.test(value);
}

function lastUserText(request: ProviderRequest): string | undefined {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message?.role === 'user') return contentText(message.content);
  }
  return undefined;
}

function defaultReply(id: string, request: ProviderRequest): MockReply {
  if (request.responseFormat?.type === 'json') return '{}';
  const question = (lastUserText(request) ?? '').replace(/\s+/g, ' ').trim();
  const short = question.length > 60 ? `${question.slice(0, 57)}...` : question;
  return `[${id}:${request.model}] mock answer to "${short}"`;
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function toResponse(reply: MockReply, request: ProviderRequest): ProviderResponse {
  const spec = typeof reply === 'string' ? { text: reply } : reply;
  const text = spec.text ?? '';
  const toolCalls: ToolCall[] = (spec.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_${i + 1}`,
    name: call.name,
    arguments: call.arguments,
    ...(call.continuation !== undefined && { continuation: call.continuation }),
  }));
  let inputChars = 0;
  for (const message of request.messages) inputChars += message.content?.length ?? 0;
  const inputTokens = spec.usage?.inputTokens ?? Math.ceil(inputChars / 4);
  const outputTokens =
    spec.usage?.outputTokens ??
    estimateTokens(text) +
      toolCalls.reduce((n, c) => n + estimateTokens(JSON.stringify(c.arguments)), 0);
  return {
    text,
    toolCalls,
    finishReason: spec.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
    ...(spec.reasoning !== undefined && { reasoning: spec.reasoning }),
    ...(spec.continuation !== undefined && { continuation: spec.continuation }),
    ...(spec.providerMetadata !== undefined && { providerMetadata: spec.providerMetadata }),
    usage: {
      // Every documented field as scripted (cache writes, reasoning, server-tool requests...).
      ...spec.usage,
      inputTokens,
      outputTokens,
      totalTokens: spec.usage?.totalTokens ?? inputTokens + outputTokens,
    },
    model: spec.model ?? request.model,
    id: spec.id,
  };
}

function splitText(text: string, chunkSize: number | undefined): string[] {
  if (text === '') return [];
  if (chunkSize !== undefined && chunkSize > 0) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += chunkSize) out.push(text.slice(i, i + chunkSize));
    return out;
  }
  return text.match(/\s*\S+\s*/g) ?? [text];
}

function delay(ms: number, options: ProviderCallOptions): Promise<void> {
  const { signal } = options;
  if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function hang(options: ProviderCallOptions): Promise<never> {
  const { signal } = options;
  if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(abortErrorFrom(signal)), { once: true });
  });
}
