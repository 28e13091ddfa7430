import type { FinishReason } from '@switchyard/core';
import type { FakeChatRequest, FakeEmbedRequest } from './fake-request.js';
import type { FakeErrorScript } from './fake-script.js';

// What a vendor fake plugs into the fake-server base (`startFakeServer`). Internal to this
// package: docs/providers.md explains how to write one for a new vendor.

/** A tool call of a resolved reply. */
export interface ResolvedToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments as JSON text (or the raw text a script gave). */
  readonly argumentsText: string;
  /** The arguments as an object; `undefined` when the text is not a JSON object. */
  readonly argumentsValue: Readonly<Record<string, unknown>> | undefined;
}

/** A scripted reply with every default filled in, ready to render. */
export interface ResolvedReply {
  readonly id: string;
  readonly model: string;
  readonly text: string;
  /** Reasoning text, when scripted. */
  readonly reasoning: string | undefined;
  readonly toolCalls: readonly ResolvedToolCall[];
  readonly finishReason: FinishReason;
  readonly usage: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly cachedInputTokens: number | undefined;
    readonly cacheWriteInputTokens: number | undefined;
    readonly reasoningTokens: number | undefined;
  };
  /** Unix seconds, for vendors that stamp their answers. */
  readonly created: number;
}

/** How a stream's content is cut into chunks. */
export interface Chunking {
  /** Characters per text delta; `undefined` for one word per delta. */
  readonly textChunkSize: number | undefined;
  /** Characters per tool-argument delta. */
  readonly argumentsChunkSize: number;
}

/** A stream rendered as complete wire frames (each ends with its blank line). */
export interface RenderedStream {
  /** Frames before the content (a role chunk, `message_start`). */
  readonly head: readonly string[];
  /** One frame per content chunk: these are what `truncate` and `errorAfterChunks` count. */
  readonly content: readonly string[];
  /** Frames after the content: finish reason, usage. */
  readonly tail: readonly string[];
  /** The end-of-stream marker (`data: [DONE]`), when the vendor sends one. */
  readonly terminator: string | undefined;
}

/** A request the vendor would refuse with a 400, in its words. */
export interface FakeProblem {
  readonly message: string;
  /** The offending parameter (`messages[1].role`). */
  readonly param?: string | undefined;
  readonly code?: string | undefined;
}

/** A complete HTTP error answer. */
export interface RenderedError {
  readonly status: number;
  readonly body: unknown;
  /** Headers the vendor adds (`retry-after`). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** One vendor's wire format, as the fake-server base needs it. */
export interface FakeVendor {
  /** Lower-case vendor id, used in messages (`openai`). */
  readonly name: string;
  /** The vendor's name for humans (`OpenAI`). */
  readonly title: string;
  /** Appended to the server's URL to make the SDK's `baseURL` (`/v1` for OpenAI). */
  readonly basePath: string;
  /** The key the fake accepts unless told otherwise. */
  readonly defaultApiKey: string;
  /** Response id and tool-call id for the `n`th request (from 1). */
  readonly ids: {
    response(n: number): string;
    toolCall(n: number, index: number): string;
  };
  /** The vendor's embeddings endpoint, when it has one. */
  readonly embeddings?: FakeEmbeddingsWire | undefined;
  /** Whether the method and path name a chat call. Anything else gets the vendor's 404. */
  isChatRoute(method: string, path: string): boolean;
  /** The API key the request carries, from wherever the vendor puts it. */
  apiKeyOf(
    headers: Readonly<Record<string, string>>,
    query: Readonly<Record<string, string>>,
  ): string | undefined;
  /**
   * Parses a chat request body, or says why the vendor would refuse it. `request` carries what
   * else a vendor reads: the path (Gemini's model and method), the query (`alt=sse`) and the
   * headers (`anthropic-version`).
   */
  parseChat(
    body: unknown,
    request: {
      readonly path: string;
      readonly query: Readonly<Record<string, string>>;
      readonly headers: Readonly<Record<string, string>>;
    },
  ): { chat: FakeChatRequest } | { problem: FakeProblem };
  /** Headers on every answer (a request id). */
  responseHeaders(n: number): Record<string, string>;
  /** The JSON body of a complete answer. */
  renderReply(reply: ResolvedReply, chat: FakeChatRequest, body: unknown): unknown;
  /** The frames of a streamed answer. */
  renderStream(
    reply: ResolvedReply,
    chat: FakeChatRequest,
    body: unknown,
    chunking: Chunking,
  ): RenderedStream;
  /** The vendor's mid-stream error frame. */
  renderStreamError(type: string | undefined, message: string | undefined): string;
  /** An HTTP error as the vendor sends it. */
  renderError(script: FakeErrorScript): RenderedError;
  /** The vendor's answer to a missing or wrong key (which it may echo). */
  renderUnauthorized(key: string | undefined): RenderedError;
  /** The vendor's answer to an unknown path. */
  renderNotFound(method: string, path: string): RenderedError;
  /** The vendor's answer to a body that is not JSON, or a request it refuses. */
  renderBadRequest(problem: FakeProblem): RenderedError;
}

/** A vendor's embeddings endpoint, as the fake-server base needs it. */
export interface FakeEmbeddingsWire {
  /** Whether the method and path name the embeddings call. */
  isRoute(method: string, path: string): boolean;
  /** Parses the body, or says why the vendor would refuse it. */
  parse(body: unknown, path: string): { embed: FakeEmbedRequest } | { problem: FakeProblem };
  /** The JSON body of the answer. */
  render(vectors: readonly (readonly number[])[], embed: FakeEmbedRequest, body: unknown): unknown;
}
