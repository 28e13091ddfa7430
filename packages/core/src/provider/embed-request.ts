import type { CacheMode, CacheRequestOptions } from './chat-request.js';
import type { RouteTrace } from './route-trace.js';

/** An embeddings request as an application sends it to `router.embed()`. */
export interface EmbedRequest {
  /** The text to embed, or several texts (one vector each, in order). Each text non-empty. */
  readonly input: string | readonly string[];
  /**
   * An embedding model reference (`"openai:text-embedding-3-small"`), an alias, or an ordered
   * list of either to try in turn. Required: the routing policies choose chat models only.
   */
  readonly model: string | readonly string[];
  /** Vector size, for models that can shorten their vectors. Defaults to the model's own size. */
  readonly dimensions?: number | undefined;
  /** The tenant the request belongs to: a cache scope, a budget scope and a stats key. */
  readonly tenant?: string | undefined;
  /** Free-form data for events and traces. Not sent to vendors and not part of the cache key. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** Cache control, as for chat: a mode or options. Defaults to `'default'`. */
  readonly cache?: CacheMode | CacheRequestOptions | undefined;
  /** Aborts the request, including any provider call in flight. */
  readonly signal?: AbortSignal | undefined;
  /** Total time allowed, across retries and fallbacks, in milliseconds. Overrides the router's. */
  readonly timeoutMs?: number | undefined;
}

/** The answer to `router.embed()`. */
export interface EmbedResponse {
  /** One vector per input, in input order. */
  readonly embeddings: readonly (readonly number[])[];
  /**
   * Input tokens, as the vendor reported them (OpenAI), or estimated at four characters a token
   * where the vendor reports none (Gemini). 0 for a cached answer.
   */
  readonly usage: { readonly inputTokens: number };
  /** US dollars, from the price table; 0 for a cached answer; `undefined` for an unpriced model. */
  readonly costUsd: number | undefined;
  /** The provider and model that answered (the original ones, for a cached answer). */
  readonly provider: string;
  readonly model: string;
  /** Whether the answer came from the cache. */
  readonly cached: boolean;
  /** Milliseconds from the call to the answer. */
  readonly latencyMs: number;
  /** How the answer was routed: candidates, attempts (skips included) and steps. */
  readonly route: RouteTrace;
}
