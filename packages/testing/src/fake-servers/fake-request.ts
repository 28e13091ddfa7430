import type { JsonSchema, Message, ToolChoice, ToolDefinition } from '@switchyard/core';

/**
 * What a vendor request means, parsed back from the vendor's wire format into Switchyard's terms,
 * so that tests can check the mapping the same way for every vendor.
 */
export interface FakeChatRequest {
  /** The model the request named. */
  readonly model: string | undefined;
  /** The system prompt (several system messages joined by a blank line). */
  readonly system: string | undefined;
  /**
   * The conversation without system messages, in Switchyard's message shape: assistant messages
   * carry `content` only when it is not empty and `toolCalls` only when there are some.
   */
  readonly messages: readonly Message[];
  readonly tools: readonly ToolDefinition[] | undefined;
  readonly toolChoice: ToolChoice | undefined;
  /** `{ type: 'json', schema?, name?, strict? }` for JSON output; `undefined` for text. */
  readonly responseFormat:
    | {
        readonly type: 'json';
        readonly schema?: JsonSchema | undefined;
        readonly name?: string | undefined;
        readonly strict?: boolean | undefined;
      }
    | undefined;
  readonly temperature: number | undefined;
  readonly topP: number | undefined;
  readonly maxTokens: number | undefined;
  readonly stop: readonly string[] | undefined;
  readonly seed: number | undefined;
  /** Whether the client asked for a stream. */
  readonly stream: boolean;
}

/** How a fake server answered a request. */
export type FakeAnswer =
  | FakeScriptType
  | 'unauthorized'
  | 'not-found'
  | 'bad-request'
  | 'mismatch'
  | 'pending';

/** What a scripted answer of a fake server does. */
export type FakeScriptType = 'reply' | 'stream' | 'error' | 'hang' | 'drop' | 'raw';

/** A request a fake server received, as the SDK sent it. */
export interface FakeRequest {
  /** Position among the server's requests, from 0. */
  readonly index: number;
  readonly method: string;
  /** The path without the query string (`/v1/chat/completions`). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON; `undefined` when it was empty or not JSON. */
  readonly body: unknown;
  /** The body as received. */
  readonly rawBody: string;
  /** The request in Switchyard's terms; `undefined` when it was not a well-formed chat request. */
  readonly chat: FakeChatRequest | undefined;
  /** The embeddings request in Switchyard's terms; `undefined` for any other request. */
  readonly embed: FakeEmbedRequest | undefined;
  /** How the server answered. */
  readonly answer: FakeAnswer;
  /** `true` once the client went away before the answer was complete (an abort, a timeout). */
  readonly disconnected: boolean;
}

/** An embeddings request, parsed back from the vendor's wire format. */
export interface FakeEmbedRequest {
  /** The model the request named. */
  readonly model: string | undefined;
  /** The texts to embed, in order. */
  readonly input: readonly string[];
  /** The vector size asked for (`dimensions`, `outputDimensionality`), if any. */
  readonly dimensions: number | undefined;
}
