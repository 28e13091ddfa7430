import type { ToolRegistry } from '../tools/tool-registry.js';
import type { Message } from './messages.js';
import type { ResponseFormat } from './response-format.js';
import type { ToolChoice, ToolDefinition } from './tool.js';

/**
 * How a request uses the response cache.
 * - `'default'`: read and write the cache when the request is cacheable.
 * - `'bypass'`: neither read nor write.
 * - `'refresh'`: skip the read, call the model, replace the entry.
 */
export type CacheMode = 'default' | 'bypass' | 'refresh';

/** Per-request cache options. */
export interface CacheRequestOptions {
  /** Defaults to `'default'`. */
  readonly mode?: CacheMode | undefined;
  /**
   * The cache scope: entries written under one scope are never read under another. Defaults to
   * the request's `tenant`, or the shared scope when there is none.
   */
  readonly scope?: string | undefined;
  /** Entry lifetime for this request. Defaults to the cache's `ttlMs`. */
  readonly ttlMs?: number | undefined;
  /** Names of `metadata` fields that are part of the cache key. Defaults to none. */
  readonly keyMetadata?: readonly string[] | undefined;
}

/** A chat request as an application sends it to `router.chat()` or `router.stream()`. */
export interface ChatRequest {
  /** The conversation so far; at least one message. */
  readonly messages: readonly Message[];
  /**
   * A model reference (`"openai:gpt-4o-mini"`), an alias (`"fast"`), or an ordered list of either
   * to try in turn. When absent the router's policies choose.
   */
  readonly model?: string | readonly string[] | undefined;
  /** Sampling temperature, 0 to 2. */
  readonly temperature?: number | undefined;
  /** Nucleus sampling, 0 to 1. */
  readonly topP?: number | undefined;
  /**
   * Upper bound on generated tokens. Defaults to the vendor's own default (the Anthropic adapter,
   * whose API requires one, sends its `defaultMaxTokens`: 4 096). Candidates whose output limit is
   * below it are skipped before any call.
   */
  readonly maxTokens?: number | undefined;
  /** Sequences that end generation. */
  readonly stop?: readonly string[] | undefined;
  /** Seed for vendors that support deterministic sampling. */
  readonly seed?: number | undefined;
  /**
   * Tools the model may call. Tools made with `defineTool` are run by the router when `maxSteps`
   * is set; plain definitions are left to the host (the loop returns their calls).
   */
  readonly tools?: readonly ToolDefinition[] | undefined;
  /**
   * Runs the tool loop: up to this many model turns, the router running the turns' tool calls
   * in between. 1 to 100. Defaults to none (one turn; tool calls are returned, not run).
   */
  readonly maxSteps?: number | undefined;
  /**
   * A registry offering the tools of one domain (`toolDomain`, else the request's `intent`, else
   * its `category`; every tool when none names a domain). Defaults to none.
   */
  readonly toolRegistry?: ToolRegistry | undefined;
  /**
   * The registry domain whose tools are offered. Defaults to the request's `intent` or `category`
   * when one names a registry domain, else the classifier's intent or category for the request
   * (`route.tools.domainSource` says which). A `toolDomain` that names no domain offers every tool.
   */
  readonly toolDomain?: string | undefined;
  /** Time allowed for one tool call when its tool sets none, in milliseconds. Defaults to 30 000 ms. */
  readonly toolTimeoutMs?: number | undefined;
  /** Tool calls run at once in one turn. Defaults to 8. */
  readonly toolConcurrency?: number | undefined;
  /** Whether and which tool the model must call. Defaults to `'auto'` when tools are given. */
  readonly toolChoice?: ToolChoice | undefined;
  /** Text (default) or JSON, optionally constrained by a JSON Schema. */
  readonly responseFormat?: ResponseFormat | undefined;
  /** Conversation id for session affinity (same provider while the topic stays the same). */
  readonly sessionId?: string | undefined;
  /** The tenant the request belongs to: a cache scope, a budget scope and a stats key. */
  readonly tenant?: string | undefined;
  /** Overrides the classifier's intent. */
  readonly intent?: string | undefined;
  /** Overrides the classifier's category. */
  readonly category?: string | undefined;
  /**
   * Free-form data for events and traces. Not sent to vendors, and not part of the cache key
   * unless named in the cache's `keyMetadata`.
   */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** Cache control: a mode or options. Defaults to `'default'`. */
  readonly cache?: CacheMode | CacheRequestOptions | undefined;
  /** Aborts the request, including any provider call in flight. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Total time allowed for the request across retries and fallbacks, in milliseconds (a positive
   * integer). Overrides the router's `timeoutMs`; defaults to it (none unless set). When it passes,
   * the request rejects with a `TimeoutError` of `scope: 'total'` and the call in flight is aborted.
   * With `maxSteps`, it bounds each model turn of the tool loop, not the loop as a whole.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Vendor-specific request fields, by provider id: `{ openai: { logprobs: true } }`. Each
   * provider receives only its own entry.
   */
  readonly providerOptions?:
    | Readonly<Record<string, Readonly<Record<string, unknown>>>>
    | undefined;
}
