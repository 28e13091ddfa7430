import type { BenchmarkOptions } from '../benchmark/benchmark-options.js';
import type { BreakerOptions } from '../breaker/breaker-options.js';
import type { BudgetOptions } from '../budget/budgets.js';
import type { CacheOptions } from '../cache/response-cache.js';
import type { ClassifierOptions } from '../classify/classifier-runner.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { RouterEvent } from '../events/router-events.js';
import type { FeedbackRecorder } from '../learned/feedback-recorder.js';
import type { CategoryScoreSource } from '../policy/builtin-policies.js';
import type { RoutingPolicy } from '../policy/routing-policy.js';
import type { ModelCapabilities, ModelInfo, Provider } from '../provider/provider.js';
import type { SessionStore } from '../session/session-store.js';
import type { TelemetryOptions } from '../telemetry/telemetry.js';
import type { Clock } from '../time/clock.js';
import type { ModelPrice } from '../usage/model-price.js';
import type { StatsOptions } from '../usage/stats-collector.js';

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

/** How the policy chain chooses candidates (see docs/routing.md). */
export interface RoutingOptions {
  /** Intent routes: an intent (from the request or a classifier rule) → an alias or models. Defaults to none. */
  readonly intents?: Readonly<Record<string, string | readonly string[]>> | undefined;
  /**
   * The alias for simple and for complex requests, or `false` to skip tiering. Defaults to
   * `{ simple: 'fast', complex: 'strong' }` (each used only when that alias exists).
   */
  readonly tiers?:
    | { readonly simple?: string | undefined; readonly complex?: string | undefined }
    | false
    | undefined;
  /**
   * Per-category scores by `provider:model` (higher is better): a static table, used alone, or
   * as the fallback when the benchmark engine (`benchmarks`) has no fresh scores. Defaults to none.
   */
  readonly categoryScores?:
    | Readonly<Record<string, Readonly<Record<string, number>>>>
    | CategoryScoreSource
    | undefined;
  /** Classifier confidence below which category scores are ignored. Defaults to 0.5. */
  readonly minCategoryConfidence?: number | undefined;
  /** Your own policies, run after `pin` and before the built-in links. Defaults to none. */
  readonly policies?: readonly RoutingPolicy[] | undefined;
}

/** Session affinity settings. */
export interface SessionOptions {
  /** Whether sessions keep their provider while the topic stays the same. Defaults to `true`. */
  readonly affinity?: boolean | undefined;
  /** Where sessions live. Defaults to an in-memory store (10 000 sessions). */
  readonly store?: SessionStore | undefined;
  /** How long an idle session is remembered. Defaults to 1 800 000 ms (30 minutes). */
  readonly ttlMs?: number | undefined;
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
  readonly modelInfo?:
    | Readonly<
        Record<
          string,
          Partial<Omit<ModelInfo, 'id' | 'capabilities'>> & {
            /** Merged over the adapter's (as the configuration's validation already allowed). */
            readonly capabilities?: Partial<ModelCapabilities> | undefined;
          }
        >
      >
    | undefined;
  /** Retry behaviour. */
  readonly retry?: RetryOptions | undefined;
  /** Time allowed for one try of one candidate (for streams: until the first chunk). Defaults to 60 000 ms. */
  readonly attemptTimeoutMs?: number | undefined;
  /** Time allowed for a whole request across retries and fallbacks. Defaults to none. */
  readonly timeoutMs?: number | undefined;
  /** Longest gap between two chunks of a stream before it is abandoned. Defaults to 30 000 ms. */
  readonly streamIdleTimeoutMs?: number | undefined;
  /**
   * Longest wait for one call to a store the router consults on the request path (the cache
   * store and each layer's reads, the session store, budget spend counters), in ms. A store that
   * has not answered by then counts as a miss (or its write is skipped): the request goes on, a
   * `warning` event (`store-timeout`) is emitted and `router.health().stores` notes it. The
   * request's `timeoutMs` and signal, and `router.close()`, still end the wait. Defaults to 100 ms.
   */
  readonly storeTimeoutMs?: number | undefined;
  /**
   * Decides whether a failed attempt moves on (a retryable error is retried on the same candidate
   * first, then the next candidate is tried; any other error moves straight to the next one).
   * Defaults to `defaultFallbackOn`: `error.retryable`, plus a context-length refusal, a request
   * part the vendor cannot take (code `unsupported_schema`) and a vendor with no API key configured
   * (code `missing_api_key`), so an invalid request or a key the vendor rejected fails at once.
   * Compose with `defaultFallbackOn` to extend it, for example to every `auth` error if a rejected
   * key on one vendor should fall back to another.
   */
  readonly fallbackOn?: ((error: SwitchyardError) => boolean) | undefined;
  /** The classifier: built-in rules, your rules, or your own classifier. */
  readonly classifier?: ClassifierOptions | undefined;
  /** The policy chain's settings. */
  readonly routing?: RoutingOptions | undefined;
  /** Session affinity. */
  readonly sessions?: SessionOptions | undefined;
  /** Circuit breakers, one per `provider:model`. Defaults to the seed values (5 failures, 60 s, 3 trials, 2 successes). */
  readonly breaker?: BreakerOptions | undefined;
  /**
   * The response cache: `true` for the defaults (memory store, 24 hours, coalescing), or options.
   * Defaults to off: identical requests are answered anew unless you enable it.
   */
  readonly cache?: boolean | CacheOptions | undefined;
  /** Prices by `provider:model`, added to (and winning over) the built-in table. Defaults to none. */
  readonly prices?: Readonly<Record<string, ModelPrice>> | undefined;
  /** Spend limits per period and scope, with what to do when one is reached. Defaults to none. */
  readonly budgets?: BudgetOptions | undefined;
  /**
   * OpenTelemetry spans per request and per attempt (needs `@opentelemetry/api` installed):
   * `true` for the defaults, or options. Defaults to off.
   */
  readonly telemetry?: boolean | TelemetryOptions | undefined;
  /** Bounds of the statistics (sessions and keys tracked). */
  readonly stats?: StatsOptions | undefined;
  /**
   * Remembers recent answers so `router.feedback(responseId, { score })` can record outcomes for
   * the learned router (`createFeedbackRecorder`). Defaults to none: `feedback` then throws.
   */
  readonly feedback?: FeedbackRecorder | undefined;
  /**
   * The benchmark engine: `true` for the defaults (the starter suite on every aliased model, an
   * in-memory store, scores fresh for 24 hours), or options. Turning it on lets
   * `router.runBenchmarks()` / `scheduleBenchmarks()` run, and routes by the latest scores per
   * category (falling back to `routing.categoryScores`). Defaults to off.
   */
  readonly benchmarks?: boolean | BenchmarkOptions | undefined;
  /** Receives every router event (see `router.on()` for per-type listeners). Defaults to none. */
  readonly onEvent?: ((event: RouterEvent) => unknown) | undefined;
  /** Source of time for backoff, timeouts, TTLs and latency. Defaults to the system clock. */
  readonly clock?: Clock | undefined;
  /** Source of randomness in [0, 1) for jitter and load balancing. Defaults to `Math.random`. */
  readonly random?: (() => number) | undefined;
}
