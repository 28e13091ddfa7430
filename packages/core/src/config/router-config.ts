import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { ModelInfo, Provider } from '../provider/provider.js';
import type { Clock } from '../time/clock.js';

/** One candidate of an alias, with an optional load-balancing weight. */
export interface CandidateConfig {
  /** A `provider:model` reference. */
  readonly model: string;
  /** Relative share of traffic under the `weighted` strategy. Defaults to 1. */
  readonly weight?: number | undefined;
}

/**
 * How an alias orders its candidates for each request.
 * - `ordered`: as written; later ones are fallbacks.
 * - `weighted`: the first candidate is drawn by weight (load balancing); the rest follow in order.
 * - `cheapest`: by price for the request, cheapest first (needs the price table).
 * - `fastest`: by recent latency (EWMA), fastest first; unmeasured candidates keep their order.
 */
export type AliasStrategy = 'ordered' | 'weighted' | 'cheapest' | 'fastest';

/** An alias with its candidates and ordering strategy. */
export interface AliasConfig {
  readonly candidates: readonly (string | CandidateConfig)[];
  /** Defaults to `'ordered'`. */
  readonly strategy?: AliasStrategy | undefined;
}

/** An alias: one reference, an ordered list, or a list with a strategy. */
export type AliasDefinition = string | readonly (string | CandidateConfig)[] | AliasConfig;

/** Retry behaviour per candidate. */
export interface RetryOptions {
  /** Retries of one candidate after its first try, for retryable errors. Defaults to 2. */
  readonly maxRetries?: number | undefined;
  /** Ceiling of the first backoff; each retry doubles it (full jitter). Defaults to 500 ms. */
  readonly initialDelayMs?: number | undefined;
  /** Largest backoff ceiling. Defaults to 8 000 ms. */
  readonly maxDelayMs?: number | undefined;
  /**
   * Longest `retry-after` the router waits for on the same candidate; a vendor asking for longer
   * sends the request to the next candidate at once. Defaults to 30 000 ms.
   */
  readonly maxRetryAfterMs?: number | undefined;
}

/** The configuration of `createRouter`. Validated at construction; see `ConfigError`. */
export interface RouterConfig {
  /** The providers requests may go to (adapters from `@switchyard/openai` & co, or mocks). */
  readonly providers: readonly Provider[];
  /**
   * Aliases: names such as `fast` and `strong` (or your own) for ordered candidate lists of
   * `provider:model` references. Defaults to none: requests then name models themselves.
   */
  readonly models?: Readonly<Record<string, AliasDefinition>> | undefined;
  /**
   * The alias or `provider:model` used when no policy decides. Defaults to `fast` when that alias
   * exists, else the first alias.
   */
  readonly defaultModel?: string | undefined;
  /**
   * Model facts for models the adapters do not know, or corrections, by `provider:model`.
   * Defaults to none.
   */
  readonly modelInfo?: Readonly<Record<string, Partial<Omit<ModelInfo, 'id'>>>> | undefined;
  /** Retry behaviour. */
  readonly retry?: RetryOptions | undefined;
  /** Time allowed for one try of one candidate (for streams: until the first chunk). Defaults to 60 000 ms. */
  readonly attemptTimeoutMs?: number | undefined;
  /** Time allowed for a whole request across retries and fallbacks. Defaults to none. */
  readonly timeoutMs?: number | undefined;
  /** Longest gap between two chunks of a stream before it is abandoned. Defaults to 30 000 ms. */
  readonly streamIdleTimeoutMs?: number | undefined;
  /**
   * Decides whether a failed attempt moves on (retry, then the next candidate). Defaults to
   * `error.retryable`, so an invalid request or a rejected key fails at once. Return `true` for
   * `auth` errors too if a bad key on one vendor should fall back to another.
   */
  readonly fallbackOn?: ((error: SwitchyardError) => boolean) | undefined;
  /** Source of time for backoff, timeouts, TTLs and latency. Defaults to the system clock. */
  readonly clock?: Clock | undefined;
  /** Source of randomness in [0, 1) for jitter and load balancing. Defaults to `Math.random`. */
  readonly random?: (() => number) | undefined;
}
