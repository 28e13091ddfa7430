import type {
  BenchmarkReport,
  RunBenchmarksOptions,
  ScheduleBenchmarksOptions,
} from '../benchmark/benchmark-options.js';
import type { BenchmarkRun } from '../benchmark/benchmark-results.js';
import { notConfigured } from '../benchmark/benchmark-router.js';
import type { RouterConfig } from '../config/router-config.js';
import { validateRouterConfig } from '../config/validate-router-config.js';
import { ConfigError } from '../errors/config-error.js';
import type { RouterEventListener, RouterEventType } from '../events/router-events.js';
import type { Feedback } from '../learned/feedback-recorder.js';
import type { Outcome } from '../learned/outcome.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { EmbedRequest, EmbedResponse } from '../provider/embed-request.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { chatWithTools, wantsToolLoop } from '../tools/tool-loop.js';
import { streamWithTools } from '../tools/tool-stream.js';
import type { RouterStats } from '../usage/stats-collector.js';
import { type ChatPipeline, chatPipelineFor } from './chat-pipeline.js';
import { embedPipeline } from './embed-pipeline.js';
import { RouterContext } from './router-context.js';
import type { RouterHealth } from './router-health.js';
import { ROUTER_INTERNALS, type RouterInternals } from './router-internals.js';
import { streamPipeline } from './stream-pipeline.js';

/**
 * A configured router. Send every model request through it: it chooses the candidate, retries,
 * falls back, and reports what it did in each response's `route`.
 */
export interface Router {
  /**
   * Sends a request and resolves with the complete answer, its `route` trace, `usage` (tokens)
   * and `costUsd` (USD).
   *
   * @throws InvalidRequestError before any call: `invalid_request` (every problem of a malformed
   *   request listed), `unknown_model` (a model or alias that is not configured), `router_closed`.
   * @throws NoProviderAvailableError when every candidate failed or was skipped (`attempts` and
   *   `errors` say how); its message names each attempt.
   * @throws TimeoutError (`scope: 'total'`) when the request's `timeoutMs` (or the router's)
   *   passed; AbortError when `signal` aborted or the router closed.
   * @throws BudgetExceededError when a budget with `action: 'refuse'` is spent.
   * @throws the candidate's own error (`AuthError` for a key the vendor rejected,
   *   `InvalidRequestError`, `ContentFilterError`) when `fallbackOn` ends the request on it.
   */
  chat(request: ChatRequest): Promise<ChatResponse>;
  /**
   * Sends a request and streams the answer: `start`, then `text-delta` / `tool-call` events, then
   * `finish`. Failures before the first event fall back to the next candidate; after it, the
   * iterator throws a typed error. Breaking out of the loop aborts the provider call.
   *
   * @throws (from the iterator) the errors of `chat`, before the first event; after it, the
   *   committed candidate's typed error (`ConnectionError` for a cut stream, `TimeoutError` with
   *   `scope: 'idle'` for a stalled one).
   */
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
  /**
   * Embeds text: one vector per input, with usage and cost, through the same retries, breakers,
   * fallback, cache and accounting as `chat`. `model` names an embedding model (or an alias of
   * them); candidates whose provider has no embeddings are skipped.
   *
   * @throws InvalidRequestError `invalid_request` for bad input, `no_embeddings` when no candidate
   *   offers embeddings; NoProviderAvailableError when every candidate failed.
   */
  embed(request: EmbedRequest): Promise<EmbedResponse>;
  /**
   * Every circuit breaker's state, counts, and when an open one will next try; with the
   * benchmark engine on, each model's latest benchmark scores and their age.
   */
  health(): RouterHealth;
  /**
   * The latest benchmark scores of every model and category (from the score store), with their
   * age and whether the category policy may use them, and this router's last run. Empty when the
   * engine is off.
   */
  benchmarks(): Promise<BenchmarkReport>;
  /**
   * Runs the benchmark suite now on every chosen model (each called through its adapter
   * directly: no cache, no fallback), stores the scores and routes by them from then on.
   *
   * @throws BenchmarkError `not_configured` (engine off), `run_in_progress`, `over_spend_cap`
   *   (the estimate exceeds the cap; nothing was called), `unknown_category`, `closed`.
   */
  runBenchmarks(options?: RunBenchmarksOptions): Promise<BenchmarkRun>;
  /**
   * Runs the suite in the background whenever the newest scores are `every` ms old, one run at a
   * time, off the request path; failures are `benchmark` events, never thrown. `close()` stops
   * it. Returns a function that stops it.
   *
   * @throws BenchmarkError `not_configured` when the engine is off; ConfigError for a bad `every`.
   */
  scheduleBenchmarks(options: ScheduleBenchmarksOptions): () => void;
  /**
   * A snapshot of the statistics since creation or the last reset: requests, errors, retries,
   * fallbacks, latency percentiles, tokens and cost, in total and per provider, model, alias,
   * intent, category, widget, tenant and (recent) session; the cache's counters; breaker states;
   * widget extraction rates. Cheap to take.
   */
  stats(): RouterStats;
  /**
   * Records how good the answer with this `id` (`response.id`) was, 0 to 1, as an outcome for
   * the learned router; resolves with the outcome, or `undefined` when the answer is unknown.
   * Needs `feedback` in the configuration (a `createFeedbackRecorder`).
   *
   * @throws ConfigError when the router has no feedback recorder; InvalidRequestError for a score
   *   outside 0–1.
   */
  feedback(responseId: string, feedback: Feedback): Promise<Outcome | undefined>;
  /** Starts the statistics (and the cache's counters) afresh. */
  resetStats(): void;
  /**
   * Listens to one type of event (`'breaker'`, `'attempt'`, `'response'`, ...). Listeners run
   * after the request's own promise has settled; a throwing or slow listener never affects a
   * request. Returns a function that removes the listener.
   */
  on<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): () => void;
  /** Removes a listener added with `on`. */
  off<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): void;
  /**
   * Aborts requests in flight (they reject with an `AbortError`), releases timers, and closes
   * the providers. Further requests are refused. The process can exit once it resolves.
   */
  close(): Promise<void>;
}

/**
 * Creates a router. The configuration is validated first: a bad one throws a `ConfigError`
 * that lists every bad path, before any request is made.
 *
 * @throws ConfigError for an invalid configuration (`issues`: every bad path and why).
 *
 * @example
 * const router = createRouter({
 *   providers: [openai, anthropic],
 *   models: {
 *     fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'],
 *     strong: ['anthropic:claude-sonnet-5', 'openai:gpt-4o'],
 *   },
 * });
 * const answer = await router.chat({ messages: [{ role: 'user', content: 'Hi!' }] });
 */
export function createRouter(config: RouterConfig): Router {
  return new SwitchyardRouter(new RouterContext(validateRouterConfig(config)));
}

/**
 * The public object: each method hands over to the router's context or to a pipeline. Features
 * that add a method (feedback, benchmarks) add it here and keep their state in the context.
 */
class SwitchyardRouter implements Router {
  private readonly chatPipeline: ChatPipeline;
  readonly [ROUTER_INTERNALS]: RouterInternals;
  /** @internal The validated configuration (not on the `Router` type; a test swaps its `random`). */
  readonly config: RouterContext['config'];

  constructor(private readonly ctx: RouterContext) {
    this.chatPipeline = chatPipelineFor(ctx);
    this.config = ctx.config;
    this[ROUTER_INTERNALS] = {
      emit: (event) => ctx.events.emit(event),
      recordExtraction: (record) => {
        ctx.statistics.recordExtraction(record);
        if (ctx.events.active) {
          ctx.events.emit({
            type: 'extraction',
            widget: record.widget,
            success: record.success,
            attempts: record.attempts,
            strategy: record.strategy,
            issues: record.issues,
          });
        }
      },
    };
  }

  chat(request: ChatRequest): Promise<ChatResponse> {
    // The tool loop is a step in front of the pipeline; requests without one skip it.
    if (wantsToolLoop(request)) return chatWithTools(this.ctx, request, this.chatPipeline);
    return this.chatPipeline(this.ctx, request);
  }

  stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    if (wantsToolLoop(request)) return streamWithTools(this.ctx, request, streamPipeline);
    return streamPipeline(this.ctx, request);
  }

  embed(request: EmbedRequest): Promise<EmbedResponse> {
    return embedPipeline(this.ctx, request);
  }

  health(): RouterHealth {
    return this.ctx.health();
  }

  benchmarks(): Promise<BenchmarkReport> {
    const bench = this.ctx.bench;
    if (bench === undefined) {
      return Promise.resolve({
        scores: [],
        suiteVersion: undefined,
        maxAgeMs: undefined,
        lastRun: undefined,
        running: false,
        scheduled: false,
      });
    }
    return bench.report();
  }

  runBenchmarks(options?: RunBenchmarksOptions): Promise<BenchmarkRun> {
    const bench = this.ctx.bench;
    if (bench === undefined) return Promise.reject(notConfigured());
    return bench.run(options);
  }

  scheduleBenchmarks(options: ScheduleBenchmarksOptions): () => void {
    const bench = this.ctx.bench;
    if (bench === undefined) throw notConfigured();
    return bench.schedule(options);
  }

  stats(): RouterStats {
    return this.ctx.statistics.snapshot(this.ctx.cache?.stats(), this.ctx.health().breakers);
  }

  async feedback(responseId: string, feedback: Feedback): Promise<Outcome | undefined> {
    const recorder = this.ctx.config.feedback;
    if (recorder === undefined)
      throw new ConfigError('router config', [
        {
          path: 'feedback',
          message: 'router.feedback() needs a feedback recorder (createFeedbackRecorder)',
        },
      ]);
    return recorder.feedback(responseId, feedback);
  }

  resetStats(): void {
    this.ctx.statistics.reset();
    this.ctx.cache?.reset();
  }

  on<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): () => void {
    return this.ctx.events.on(type, listener);
  }

  off<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): void {
    this.ctx.events.off(type, listener);
  }

  close(): Promise<void> {
    return this.ctx.close();
  }
}
