import {
  AbortError,
  abortErrorFrom,
  InFlightCalls,
  type ModelInfo,
  PROVIDER_SPECIFICATION_VERSION,
  type Provider,
  type ProviderCallOptions,
  type ProviderRequest,
  type ProviderResponse,
  type ProviderStreamPart,
} from '@switchyard/core';
import { fromChatCompletion, invalidAnswer } from './chat-completion-response.js';
import {
  type ChatCompletionsBody,
  type ChatCompletionsDialect,
  toChatCompletionsBody,
} from './chat-completions-body.js';
import { mapChatCompletionsError } from './chat-completions-errors.js';
import { ChatCompletionsStream } from './chat-completions-stream.js';

/** What an adapter supplies to build a chat-completions provider on its vendor's SDK. */
export interface ChatCompletionsProviderConfig {
  /** The provider id in model references (`openai`). */
  readonly id: string;
  /**
   * Sends one chat-completions request through the vendor's SDK, with the SDK's retries off and
   * `signal` passed on. Resolves to the completion, or (when `body.stream` is set) to the SDK's
   * async iterable of chunks. Errors it throws are mapped by `mapChatCompletionsError`.
   */
  readonly send: (body: ChatCompletionsBody, signal: AbortSignal) => Promise<unknown>;
  /** Facts about a model; `undefined` for an unknown one. */
  readonly getModelInfo: (modelId: string) => ModelInfo | undefined;
  /** What the vendor does differently. Defaults to plain chat completions. */
  readonly dialect?: ChatCompletionsDialect | undefined;
  /** Runs from `close()` after the calls in flight have been aborted. Defaults to nothing. */
  readonly onClose?: (() => void | Promise<void>) | undefined;
}

/**
 * Builds a `Provider` for a vendor that speaks OpenAI chat completions, on top of a `send`
 * function that calls the vendor's SDK. It maps requests, answers, streams and errors, tracks its
 * calls in flight, and on `close()` aborts them (the SDK client itself is the adapter's business).
 */
export function createChatCompletionsProvider(config: ChatCompletionsProviderConfig): Provider {
  const { id, dialect } = config;
  const calls = new InFlightCalls();

  async function chat(
    request: ProviderRequest,
    options?: ProviderCallOptions,
  ): Promise<ProviderResponse> {
    const call = calls.begin(options?.signal);
    try {
      const body = toChatCompletionsBody(request, { stream: false, dialect });
      const completion = await config.send(body, call.signal);
      return fromChatCompletion(completion, { provider: id, model: request.model }, dialect);
    } catch (error) {
      throw mapChatCompletionsError(error, {
        provider: id,
        model: request.model,
        signal: call.signal,
      });
    } finally {
      call.end();
    }
  }

  async function* stream(
    request: ProviderRequest,
    options?: ProviderCallOptions,
  ): AsyncGenerator<ProviderStreamPart, void, undefined> {
    const call = calls.begin(options?.signal);
    const context = { provider: id, model: request.model };
    const state = new ChatCompletionsStream(context, dialect);
    try {
      let chunks: AsyncIterable<unknown>;
      try {
        const body = toChatCompletionsBody(request, { stream: true, dialect });
        const result = await config.send(body, call.signal);
        if (!isAsyncIterable(result))
          throw invalidAnswer(context, 'the SDK did not return a stream');
        chunks = result;
      } catch (error) {
        throw mapChatCompletionsError(error, { ...context, signal: call.signal });
      }
      try {
        for await (const chunk of chunks) yield* state.push(chunk);
      } catch (error) {
        throw mapChatCompletionsError(error, { ...context, signal: call.signal });
      }
      // The SDKs end their iterator quietly when their signal aborts: that is an abort, not an end.
      if (call.signal.aborted) throw abortErrorFrom(call.signal);
      yield state.finish();
    } finally {
      call.end();
    }
  }

  return {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    id,
    getModelInfo: config.getModelInfo,
    chat,
    stream,
    async close() {
      calls.abortAll(new AbortError(`${id}: the provider was closed.`, { provider: id }));
      await config.onClose?.();
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
