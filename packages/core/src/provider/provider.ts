import type { ProviderContinuation, ProviderMetadata } from './continuation.js';
import type { FinishReason } from './finish-reason.js';
import type { Message } from './messages.js';
import type { ResponseFormat } from './response-format.js';
import type { ToolCall, ToolChoice, ToolDefinition } from './tool.js';
import type { Usage } from './usage.js';

/**
 * The version of the provider contract this package speaks. Adapters declare it as
 * `specificationVersion` so the router can refuse (with a clear error) an adapter written for
 * another version of the contract.
 */
export const PROVIDER_SPECIFICATION_VERSION = 'v1';

/** What a model can do, so the router can skip a model that cannot take a request. */
export interface ModelCapabilities {
  /** Function calling. */
  readonly tools: boolean;
  /** JSON mode (JSON output without a schema). */
  readonly json: boolean;
  /** Native structured output with a JSON Schema. */
  readonly jsonSchema: boolean;
  /** Streaming responses. */
  readonly streaming: boolean;
  /**
   * Image parts in user messages. Optional so older tables stay valid: absent counts as able (as
   * a model nobody described does); a table sets `false` for a text-only model.
   */
  readonly vision?: boolean | undefined;
}

/** What the router knows about one model of a provider. */
export interface ModelInfo {
  /** The vendor's model id, without the provider prefix (`gpt-4o-mini`). */
  readonly id: string;
  /** Prompt plus output tokens the model accepts. */
  readonly contextWindow: number;
  /** Largest `maxTokens` the model accepts, when it is lower than the context window. */
  readonly maxOutputTokens?: number | undefined;
  /** What the model supports. */
  readonly capabilities: ModelCapabilities;
}

/** A request as a provider receives it: the model is resolved and router-only fields are gone. */
export interface ProviderRequest {
  /** The vendor's model id, without the provider prefix. */
  readonly model: string;
  readonly messages: readonly Message[];
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
  readonly maxTokens?: number | undefined;
  readonly stop?: readonly string[] | undefined;
  readonly seed?: number | undefined;
  readonly tools?: readonly ToolDefinition[] | undefined;
  readonly toolChoice?: ToolChoice | undefined;
  readonly responseFormat?: ResponseFormat | undefined;
  /** Vendor-specific request fields for this provider, merged into the vendor request as given. */
  readonly providerOptions?: Readonly<Record<string, unknown>> | undefined;
}

/** Per-call options the router passes to a provider. */
export interface ProviderCallOptions {
  /**
   * Aborted when the caller aborts, a timeout fires, or the router gives up on the attempt.
   * Providers must pass it to their transport so an aborted call stops at once.
   */
  readonly signal: AbortSignal;
}

/** A complete (non-streamed) provider answer. */
export interface ProviderResponse {
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
  /** Reasoning text the vendor returned, apart from `text`. */
  readonly reasoning?: string | undefined;
  /** Vendor state the next turn needs, with `vendor` set to the provider's `vendor`. */
  readonly continuation?: ProviderContinuation | undefined;
  /** Citations and server-tool results, under the provider's vendor name. */
  readonly providerMetadata?: ProviderMetadata | undefined;
  readonly finishReason: FinishReason;
  /** The vendor's own finish reason, for `other` and for debugging. */
  readonly rawFinishReason?: string | undefined;
  readonly usage: Usage;
  /** The model id the vendor reports having used (may carry a date suffix). */
  readonly model?: string | undefined;
  /** The vendor's response id. */
  readonly id?: string | undefined;
}

/**
 * One part of a streamed provider answer. A stream ends with exactly one `finish` part. Every part
 * counts as progress for the router's stream timeouts.
 */
export type ProviderStreamPart =
  | { readonly type: 'text-delta'; readonly text: string }
  /** Reasoning (thinking) text, never part of the answer's text. */
  | { readonly type: 'reasoning-delta'; readonly text: string }
  | { readonly type: 'tool-call'; readonly toolCall: ToolCall }
  | {
      readonly type: 'finish';
      readonly finishReason: FinishReason;
      readonly rawFinishReason?: string | undefined;
      readonly usage: Usage;
      readonly model?: string | undefined;
      readonly id?: string | undefined;
      /** Vendor state the next turn needs (see {@link ProviderResponse}). */
      readonly continuation?: ProviderContinuation | undefined;
      /** Citations and server-tool results (see {@link ProviderResponse}). */
      readonly providerMetadata?: ProviderMetadata | undefined;
    };

/** An embeddings request as a provider receives it. */
export interface ProviderEmbedRequest {
  readonly model: string;
  readonly input: readonly string[];
  /** Requested vector size, where the model supports shortening. */
  readonly dimensions?: number | undefined;
}

/** Embeddings, one vector per input, in input order. */
export interface ProviderEmbedResponse {
  readonly embeddings: readonly (readonly number[])[];
  readonly usage: Pick<Usage, 'inputTokens'>;
}

/**
 * The contract every vendor adapter implements (version `v1`).
 *
 * These methods are for the router, not for applications: applications call `router.chat()` and
 * `router.stream()`, which add routing, retries, fallbacks, breakers, caching and accounting.
 *
 * Rules for implementers (checked by `runProviderContract` in `@switchyard/testing`):
 * - Map every vendor or SDK error to the Switchyard error taxonomy (`RateLimitError`,
 *   `ServerError`, ...) with `retryable` set, and never put an API key in a message.
 * - Turn the SDK's own retries off: the router owns retries.
 * - Honour `options.signal`: an aborted call stops its network request at once and rejects with
 *   an `AbortError`.
 * - A stream ends with exactly one `finish` part; a stream that ends without one, or carries an
 *   error frame, throws a typed error instead.
 */
export interface Provider {
  /** Always `'v1'` for this contract. */
  readonly specificationVersion: typeof PROVIDER_SPECIFICATION_VERSION;
  /** The provider id used in model references (`openai` in `openai:gpt-4o-mini`). */
  readonly id: string;
  /**
   * The vendor whose continuation state this provider reads and writes (`anthropic`, `google`).
   * The router removes other vendors' state from a conversation before calling the provider.
   * Defaults to `id`.
   */
  readonly vendor?: string | undefined;
  /** Facts about a model (context window, capabilities); `undefined` for an unknown model. */
  getModelInfo?(modelId: string): ModelInfo | undefined;
  /** One complete answer. */
  chat(request: ProviderRequest, options: ProviderCallOptions): Promise<ProviderResponse>;
  /** A streamed answer. */
  stream(request: ProviderRequest, options: ProviderCallOptions): AsyncIterable<ProviderStreamPart>;
  /** Embeddings, when the vendor offers them. */
  embed?(
    request: ProviderEmbedRequest,
    options: ProviderCallOptions,
  ): Promise<ProviderEmbedResponse>;
  /** Releases sockets and timers. The router calls it from `router.close()`. */
  close?(): void | Promise<void>;
}
