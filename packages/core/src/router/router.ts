import { EventEmitter } from 'node:events';
import { BenchmarkEngine } from '../benchmark/benchmark-engine.js';
import type {
  BenchmarkReport,
  RunBenchmarksOptions,
  ScheduleBenchmarksOptions,
} from '../benchmark/benchmark-options.js';
import type { BenchmarkRun } from '../benchmark/benchmark-results.js';
import { notConfigured } from '../benchmark/benchmark-router.js';
import { ProviderBreaker } from '../breaker/circuit-breaker.js';
import { Budgets } from '../budget/budgets.js';
import type { CacheEntry } from '../cache/cache-store.js';
import { type CacheDecision, Flight, ResponseCache } from '../cache/response-cache.js';
import { ClassifierRunner, isPromise } from '../classify/classifier-runner.js';
import type { RouterConfig } from '../config/router-config.js';
import {
  type NormalizedRouterConfig,
  validateRouterConfig,
} from '../config/validate-router-config.js';
import { AbortError, abortErrorFrom } from '../errors/abort-error.js';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import { ConnectionError, InvalidRequestError, TimeoutError } from '../errors/provider-errors.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import { EventHub } from '../events/event-hub.js';
import type { RouterEventListener, RouterEventType } from '../events/router-events.js';
import type { CategoryScoreSource } from '../policy/builtin-policies.js';
import {
  categoryScorePolicy,
  defaultPolicy,
  intentPolicy,
  pinPolicy,
  sessionPolicy,
  staticCategoryScores,
  tierPolicy,
} from '../policy/builtin-policies.js';
import { freshOrStaticScores } from '../policy/fresh-category-scores.js';
import { Planner, type RoutePlan } from '../policy/planner.js';
import type { RoutingPolicy } from '../policy/routing-policy.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type {
  ProviderRequest,
  ProviderResponse,
  ProviderStreamPart,
} from '../provider/provider.js';
import type { RouteAttempt, RouteTrace } from '../provider/route-trace.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { ToolCall } from '../provider/tool.js';
import { ZERO_USAGE } from '../provider/usage.js';
import { createMemorySessionStore, type SessionStore } from '../session/session-store.js';
import type { RequestSpan, SpanLike } from '../telemetry/telemetry.js';
import { DeadlineQueue } from '../time/deadline-queue.js';
import { costAt, createPriceTable, type PriceTable } from '../usage/price-table.js';
import { type RouterStats, StatsCollector } from '../usage/stats-collector.js';
import { AttemptOptions } from './attempt-options.js';
import { backoffDelay } from './backoff.js';
import { type Candidate, CandidateRegistry } from './candidate.js';
import { guard, sleepGuarded } from './guard.js';
import { normalizeError } from './normalize-error.js';
import { RequestState } from './request-state.js';
import type { RouterHealth } from './router-health.js';
import {
  type ExtractionRecord,
  ROUTER_INTERNALS,
  type RouterInternals,
} from './router-internals.js';
import { validateChatRequest } from './validate-request.js';

/**
 * A configured router. Send every model request through it: it chooses the candidate, retries,
 * falls back, and reports what it did in each response's `route`.
 */
export interface Router {
  /** Sends a request and resolves with the complete answer. */
  chat(request: ChatRequest): Promise<ChatResponse>;
  /**
   * Sends a request and streams the answer: `start`, then `text-delta` / `tool-call` events, then
   * `finish`. Failures before the first event fall back to the next candidate; after it, the
   * iterator throws a typed error. Breaking out of the loop aborts the provider call.
   */
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
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
 * @example
 * const router = createRouter({
 *   providers: [openai, anthropic],
 *   models: {
 *     fast: ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest'],
 *     strong: ['anthropic:claude-sonnet-4-5', 'openai:gpt-4o'],
 *   },
 * });
 * const answer = await router.chat({ messages: [{ role: 'user', content: 'Hi!' }] });
 */
export function createRouter(config: RouterConfig): Router {
  return new SwitchyardRouter(validateRouterConfig(config));
}

const SESSION_TTL_MS = 30 * 60_000;

class SwitchyardRouter implements Router {
  private readonly candidates: CandidateRegistry;
  private readonly events = new EventHub();
  private readonly prices: PriceTable;
  private readonly planner: Planner;
  private readonly sessions: SessionStore | undefined;
  private readonly ownsSessionStore: boolean;
  private readonly inFlight = new Set<RequestState>();
  private readonly deadlines: DeadlineQueue;
  // Opossum rotates its statistics buckets when this emits 'rotate'. The router emits it lazily,
  // when a breaker is consulted and a bucket interval has passed, instead of keeping a timer.
  private readonly rotation = new EventEmitter();
  private readonly bucketMs: number;
  private lastRotation: number;
  private readonly unpriced = new Set<string>();
  private readonly cache: ResponseCache | undefined;
  private readonly statistics: StatsCollector;
  private readonly budgets: Budgets | undefined;
  private readonly bench: BenchmarkEngine | undefined;
  private closed = false;
  readonly [ROUTER_INTERNALS]: RouterInternals = {
    emit: (event) => this.events.emit(event),
    recordExtraction: (record: ExtractionRecord) => {
      this.statistics.recordExtraction(record);
      if (this.events.active) {
        this.events.emit({
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

  constructor(private readonly config: NormalizedRouterConfig) {
    this.rotation.setMaxListeners(0);
    this.bucketMs = Math.max(
      1,
      Math.floor(config.breaker.rollingWindowMs / config.breaker.rollingBuckets),
    );
    this.lastRotation = config.clock.now();
    this.deadlines = new DeadlineQueue(config.clock);
    if (config.onEvent !== undefined) this.events.onAny(config.onEvent);
    this.prices = createPriceTable({ prices: config.prices });
    this.statistics = new StatsCollector(() => config.clock.now(), config.stats);
    this.budgets =
      config.budgets === undefined
        ? undefined
        : new Budgets(config.budgets, config.clock, (error) =>
            this.warn(
              'budget-counters',
              `The spend counters failed; budgets were not enforced: ${String(error)}`,
            ),
          );
    this.cache =
      config.cache === undefined
        ? undefined
        : new ResponseCache(config.cache, config.clock, (error) =>
            this.warn(
              'cache-store',
              `The cache store failed; the request went on without it: ${String(error)}`,
            ),
          );
    this.candidates = new CandidateRegistry(config, (ref) =>
      config.breaker.enabled ? this.createBreaker(ref) : undefined,
    );
    for (const alias of config.aliases.values()) {
      for (const c of alias.candidates) this.candidates.get(c.ref);
    }
    const affinity = config.sessions.affinity !== false;
    this.ownsSessionStore = affinity && config.sessions.store === undefined;
    this.sessions = affinity
      ? (config.sessions.store ?? createMemorySessionStore({ clock: config.clock }))
      : undefined;

    this.bench =
      config.benchmarks === undefined
        ? undefined
        : new BenchmarkEngine({
            options: config.benchmarks,
            providers: [...config.providers.values()],
            defaultModels: [
              ...new Set([
                ...[...config.aliases.values()].flatMap((a) => a.candidates.map((c) => c.ref)),
                ...(config.defaultModel?.includes(':') === true ? [config.defaultModel] : []),
              ]),
            ],
            prices: this.prices,
            clock: config.clock,
            emit: (event) => {
              if (this.events.active) this.events.emit(event);
            },
          });

    const routing = config.routing;
    const chain: RoutingPolicy[] = [pinPolicy, ...(routing.policies ?? [])];
    if (routing.intents !== undefined) chain.push(intentPolicy(routing.intents));
    if (this.sessions !== undefined) chain.push(sessionPolicy);
    const table: CategoryScoreSource | undefined =
      routing.categoryScores === undefined
        ? undefined
        : typeof (routing.categoryScores as CategoryScoreSource).scoresFor === 'function'
          ? (routing.categoryScores as CategoryScoreSource)
          : staticCategoryScores(routing.categoryScores as Record<string, Record<string, number>>);
    const source =
      this.bench === undefined
        ? table
        : freshOrStaticScores(this.bench, table, this.bench.maxAgeMs, config.clock);
    if (source !== undefined) {
      chain.push(
        categoryScorePolicy(
          source,
          routing.minCategoryConfidence ?? 0.5,
          (ref) => this.candidates.get(ref) !== undefined,
        ),
      );
    }
    if (routing.tiers !== false) {
      const tiers = routing.tiers ?? {};
      chain.push(
        tierPolicy({ simple: tiers.simple ?? 'fast', complex: tiers.complex ?? 'strong' }, (name) =>
          config.aliases.has(name),
        ),
      );
    }
    chain.push(defaultPolicy(config.defaultModel));
    this.planner = new Planner({
      config,
      registry: this.candidates,
      classifier: new ClassifierRunner(config.classifier, (error) =>
        this.warn(
          'classifier-fallback',
          `The fallback classifier failed; the rules' verdict was used: ${String(error)}`,
        ),
      ),
      sessions: this.sessions,
      prices: this.prices,
      chain,
      sessionLink: this.sessions === undefined ? undefined : sessionPolicy,
    });
  }

  // Not `async`: returning an inner promise from an async function costs an extra promise and
  // microtask hops on every request. The functions below reject rather than throw.
  chat(request: ChatRequest): Promise<ChatResponse> {
    const telemetry = this.config.telemetry;
    if (telemetry === undefined) return this.chatRouted(request, undefined);
    return this.chatTraced(request);
  }

  private async chatTraced(request: ChatRequest): Promise<ChatResponse> {
    const telemetry = this.config.telemetry as NonNullable<NormalizedRouterConfig['telemetry']>;
    const span = telemetry.startRequest(request, false);
    try {
      const response = await this.chatRouted(request, span);
      telemetry.endRequest(span, response);
      return response;
    } catch (error) {
      telemetry.endRequest(
        span,
        SwitchyardError.isInstance(error) ? error : normalizeError(error, undefined),
      );
      throw error;
    }
  }

  private chatRouted(request: ChatRequest, span: RequestSpan | undefined): Promise<ChatResponse> {
    const cache = this.cache;
    let decision: CacheDecision | undefined;
    try {
      this.assertOpen();
      validateChatRequest(request);
      decision = cache?.decide(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (cache === undefined || decision === undefined) {
      return this.chatUncached(
        request,
        undefined,
        cache === undefined ? 'off' : 'bypass',
        true,
        span,
      );
    }
    return this.chatCached(request, span, cache, decision);
  }

  private async chatCached(
    request: ChatRequest,
    span: RequestSpan | undefined,
    cache: ResponseCache,
    decision: CacheDecision,
  ): Promise<ChatResponse> {
    if (request.signal?.aborted) throw abortErrorFrom(request.signal);
    // An identical request already in flight will answer this one too: no need to ask the store
    // (which cannot have the answer yet, and may be a network round trip away).
    const inFlight = cache.coalesce ? cache.flights.get(decision.key) : undefined;
    if (inFlight !== undefined) {
      cache.countCoalesced();
      inFlight.waiters += 1;
      return this.waitForFlight(inFlight, request, true);
    }
    if (decision.mode === 'read') {
      const startedAt = this.config.clock.now();
      const found = cache.read(decision.key);
      const entry = isPromise(found) ? await found : found;
      if (entry !== undefined) return this.fromCache(entry, request, startedAt, 'hit', false);
    }
    const status = decision.mode === 'refresh' ? 'refresh' : 'miss';
    if (!cache.coalesce) return this.chatUncached(request, decision, status, true, span);
    // A store read that was awaited may have let an identical request start its flight meanwhile.
    const started = cache.flights.get(decision.key);
    if (started !== undefined) {
      cache.countCoalesced();
      started.waiters += 1;
      return this.waitForFlight(started, request, true);
    }
    const flight = new Flight(decision.key);
    cache.flights.set(decision.key, flight);
    // The upstream call belongs to every waiter, so it ignores any one caller's signal; it is
    // cancelled only when the last waiter has gone (or the router closes).
    flight.promise = this.chatUncached(request, decision, status, false, span, flight);
    return this.waitForFlight(flight, request, false);
  }

  /** Routes a request to the providers (the cache, if any, has been consulted already). */
  private async chatUncached(
    request: ChatRequest,
    decision: CacheDecision | undefined,
    cacheStatus: NonNullable<RouteTrace['cache']>,
    listen: boolean,
    span: RequestSpan | undefined,
    flight?: Flight,
  ): Promise<ChatResponse> {
    const state = this.begin(request, listen);
    state.cache = cacheStatus;
    state.span = span;
    if (flight !== undefined) flight.state = state;
    let plan: RoutePlan | undefined;
    try {
      plan = await this.planner.plan(request, state, false);
      if (this.budgets !== undefined) plan = await this.enforceBudgets(plan, request, state, false);
      this.emitDecision(plan, request, state);
      const response = await this.executeChat(request, plan, state);
      if (decision !== undefined) this.cache?.write(decision, response);
      this.afterSuccess(plan, response, request, false, state.answeredRef);
      return response;
    } catch (error) {
      const failure = this.finalError(error, plan, state);
      if (decision !== undefined) this.cache?.reject();
      this.afterFailure(failure, request, state, false);
      throw failure;
    } finally {
      this.end(state, request);
      if (flight !== undefined && this.cache?.flights.get(flight.key) === flight)
        this.cache.flights.delete(flight.key);
    }
  }

  /**
   * Waits for a shared upstream call on behalf of one caller. The caller's own abort (or, for a
   * follower, its own timeout) rejects only this caller; the upstream call goes on for the others.
   */
  private waitForFlight(
    flight: Flight,
    request: ChatRequest,
    follower: boolean,
  ): Promise<ChatResponse> {
    const { signal } = request;
    const timeoutMs = follower ? request.timeoutMs : undefined;
    const startedAt = this.config.clock.now();
    const shared = follower
      ? flight.promise.then((r) => this.asCoalesced(r, request, startedAt))
      : flight.promise;
    if (signal === undefined && timeoutMs === undefined) return shared;
    const { clock } = this.config;
    return new Promise<ChatResponse>((resolve, reject) => {
      let timer: unknown;
      const leave = (error: SwitchyardError) => {
        cleanup();
        flight.waiters -= 1;
        if (flight.waiters === 0) flight.cancel(error);
        reject(error);
      };
      const onAbort = () => leave(abortErrorFrom(signal));
      const cleanup = () => {
        signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) clock.clearTimeout(timer);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = clock.setTimeout(
          () =>
            leave(
              new TimeoutError(
                `The request timed out after ${timeoutMs} ms waiting for an identical request in flight.`,
                { scope: 'total', timeoutMs },
              ),
            ),
          timeoutMs,
        );
      }
      shared.then(
        (response) => {
          cleanup();
          resolve(response);
        },
        (error: unknown) => {
          cleanup();
          reject(error);
        },
      );
    });
  }

  /** The answer a coalesced caller gets: the leader's, marked as served without a call of its own. */
  private asCoalesced(
    response: ChatResponse,
    request: ChatRequest,
    startedAt: number,
  ): ChatResponse {
    const answer: ChatResponse = {
      ...response,
      usage: ZERO_USAGE,
      costUsd: 0,
      cached: true,
      latencyMs: this.config.clock.now() - startedAt,
      route: { ...response.route, cache: 'coalesced' },
    };
    this.afterCachedAnswer(answer, request, false);
    return answer;
  }

  /** Builds the response for a cache hit. */
  private fromCache(
    entry: CacheEntry,
    request: ChatRequest,
    startedAt: number,
    status: 'hit',
    streamed: boolean,
  ): ChatResponse {
    const now = this.config.clock.now();
    const answer: ChatResponse = {
      text: entry.text,
      toolCalls: entry.toolCalls,
      finishReason: entry.finishReason,
      rawFinishReason: entry.rawFinishReason,
      usage: ZERO_USAGE,
      costUsd: 0,
      provider: entry.provider,
      model: entry.model,
      cached: true,
      latencyMs: now - startedAt,
      id: entry.id,
      route: {
        candidates: [],
        attempts: [],
        steps: [
          {
            policy: 'cache',
            verdict: 'decide',
            note: `cached answer from ${entry.provider}:${entry.model}, written ${Math.round((now - entry.createdAt) / 1000)} s ago`,
          },
        ],
        reason: 'answered from the cache',
        cache: status,
      },
    };
    this.afterCachedAnswer(answer, request, streamed);
    return answer;
  }
  private afterCachedAnswer(answer: ChatResponse, request: ChatRequest, streamed: boolean): void {
    this.statistics.recordResponse(answer, request, streamed);
    if (!this.events.active) return;
    this.events.emit({
      type: 'response',
      provider: answer.provider,
      model: answer.model,
      tier: answer.route.tier,
      intent: answer.route.intent,
      category: answer.route.category,
      usage: answer.usage,
      costUsd: answer.costUsd,
      latencyMs: answer.latencyMs,
      cached: true,
      streamed,
      attempts: 0,
      tenant: request.tenant,
      sessionId: request.sessionId,
      metadata: request.metadata,
    });
  }

  stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    return this.streamWithCache(request);
  }

  private async *streamWithCache(
    request: ChatRequest,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    const telemetry = this.config.telemetry;
    if (telemetry === undefined) {
      yield* this.streamRouted(request, undefined);
      return;
    }
    const span = telemetry.startRequest(request, true);
    let outcome: ChatResponse | SwitchyardError = new AbortError(
      'The stream was closed by its consumer.',
    );
    try {
      for await (const event of this.streamRouted(request, span)) {
        if (event.type === 'finish') outcome = event.response;
        yield event;
      }
    } catch (error) {
      outcome = SwitchyardError.isInstance(error) ? error : normalizeError(error, undefined);
      throw error;
    } finally {
      telemetry.endRequest(span, outcome);
    }
  }

  private async *streamRouted(
    request: ChatRequest,
    span: RequestSpan | undefined,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    this.assertOpen();
    validateChatRequest(request);
    const decision = this.cache?.decide(request);
    if (decision === undefined) {
      yield* this.executeStream(
        request,
        undefined,
        this.cache === undefined ? 'off' : 'bypass',
        span,
      );
      return;
    }
    if (decision.mode === 'read' && this.cache !== undefined) {
      const startedAt = this.config.clock.now();
      const found = this.cache.read(decision.key);
      const entry = isPromise(found) ? await found : found;
      if (entry !== undefined) {
        yield* replay(this.fromCache(entry, request, startedAt, 'hit', true));
        return;
      }
    }
    yield* this.executeStream(
      request,
      decision,
      decision.mode === 'refresh' ? 'refresh' : 'miss',
      span,
    );
  }

  health(): RouterHealth {
    const now = this.config.clock.now();
    this.rotate(now);
    const breakers = [];
    for (const candidate of this.candidates.all()) {
      if (candidate.breaker !== undefined) breakers.push(candidate.breaker.health());
    }
    const open = breakers.filter((b) => b.state === 'open').length;
    const troubled = breakers.filter((b) => b.state !== 'closed').length;
    const status =
      breakers.length > 0 && open === breakers.length ? 'down' : troubled > 0 ? 'degraded' : 'ok';
    if (this.bench === undefined) return { status, breakers, checkedAt: now };
    return { status, breakers, checkedAt: now, benchmarks: this.bench.health(now) };
  }

  benchmarks(): Promise<BenchmarkReport> {
    if (this.bench === undefined) {
      return Promise.resolve({
        scores: [],
        suiteVersion: undefined,
        maxAgeMs: undefined,
        lastRun: undefined,
        running: false,
        scheduled: false,
      });
    }
    return this.bench.report();
  }

  runBenchmarks(options?: RunBenchmarksOptions): Promise<BenchmarkRun> {
    if (this.bench === undefined) return Promise.reject(notConfigured());
    return this.bench.run(options);
  }

  scheduleBenchmarks(options: ScheduleBenchmarksOptions): () => void {
    if (this.bench === undefined) throw notConfigured();
    return this.bench.schedule(options);
  }
  stats(): RouterStats {
    return this.statistics.snapshot(this.cache?.stats(), this.health().breakers);
  }

  resetStats(): void {
    this.statistics.reset();
    this.cache?.reset();
  }

  on<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): () => void {
    return this.events.on(type, listener);
  }

  off<T extends RouterEventType>(type: T, listener: RouterEventListener<T>): void {
    this.events.off(type, listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing = new AbortError('The router was closed.');
    for (const state of this.inFlight) state.cancel(closing);
    this.inFlight.clear();
    this.deadlines.close();
    const benchClosed = this.bench?.close();
    for (const candidate of this.candidates.all()) candidate.breaker?.shutdown();
    this.rotation.removeAllListeners();
    const closers: unknown[] = [...this.config.providers.values()].map((provider) =>
      provider.close?.(),
    );
    if (this.ownsSessionStore) closers.push(this.sessions?.close?.());
    closers.push(benchClosed);
    if (this.cache !== undefined && this.config.cache?.store === undefined)
      closers.push(this.cache.store.close?.());
    await Promise.allSettled(closers);
    this.events.close();
  }

  private createBreaker(ref: string): ProviderBreaker {
    return new ProviderBreaker(ref, this.config.breaker, this.rotation, (from, to, breaker) => {
      if (this.events.active) {
        this.events.emit({
          type: 'breaker',
          candidate: breaker.candidate,
          from,
          to,
          at: this.config.clock.now(),
        });
      }
    });
  }

  private rotate(now: number): void {
    const elapsed = now - this.lastRotation;
    if (elapsed < this.bucketMs) return;
    const buckets = Math.min(
      this.config.breaker.rollingBuckets,
      Math.floor(elapsed / this.bucketMs),
    );
    for (let i = 0; i < buckets; i++) this.rotation.emit('rotate');
    for (const candidate of this.candidates.all()) candidate.breaker?.dropLatencySamples();
    this.lastRotation = now;
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new InvalidRequestError('The router is closed; create a new one to send requests.', {
        code: 'router_closed',
      });
    }
  }

  private begin(request: ChatRequest, listen: boolean): RequestState {
    const { clock } = this.config;
    const startedAt = clock.now();
    const timeoutMs = request.timeoutMs ?? this.config.timeoutMs;
    const state = new RequestState(
      startedAt,
      timeoutMs === undefined ? undefined : startedAt + timeoutMs,
    );
    const signal = listen ? request.signal : undefined;
    if (signal !== undefined) {
      if (signal.aborted) throw abortErrorFrom(signal);
      state.onAbort = () => state.cancel(abortErrorFrom(signal));
      signal.addEventListener('abort', state.onAbort, { once: true });
    }
    this.inFlight.add(state);
    return state;
  }

  private end(state: RequestState, request: ChatRequest): void {
    this.inFlight.delete(state);
    if (state.onAbort !== undefined) request.signal?.removeEventListener('abort', state.onAbort);
  }

  private async executeChat(
    request: ChatRequest,
    plan: RoutePlan,
    state: RequestState,
  ): Promise<ChatResponse> {
    const { clock } = this.config;
    const list = plan.candidates;
    for (let i = 0; i < list.length; i++) {
      const candidate = list[i] as Candidate;
      const providerRequest = toProviderRequest(request, candidate);
      for (let retry = 0; ; retry++) {
        this.assertBeforeDeadline(state, candidate);
        const breaker = candidate.breaker;
        const startedAt = clock.now();
        if (breaker !== undefined) this.rotate(startedAt);
        const options = new AttemptOptions();
        const attemptSpan = this.startAttemptSpan(state, candidate, request, retry);
        const call = () =>
          guard(
            callChat(candidate, providerRequest, options),
            state,
            options,
            this.config.attemptTimeoutMs,
            'attempt',
            this.deadlines,
            candidate,
          );
        const pending = breaker === undefined ? call() : breaker.tryRun(call);
        if (pending === undefined) {
          this.endAttemptSpan(attemptSpan, undefined);
          this.recordSkip(candidate, 'breaker-open', state);
          break;
        }
        try {
          const result = await pending;
          this.endAttemptSpan(attemptSpan, result);
          const endedAt = clock.now();
          const latencyMs = endedAt - startedAt;
          candidate.recordLatency(latencyMs);
          this.recordAttempt(state, {
            provider: candidate.providerId,
            model: candidate.model,
            outcome: 'success',
            retry,
            latencyMs,
          });
          return this.buildResponse(result, candidate, plan, state, endedAt);
        } catch (error) {
          this.endAttemptSpan(attemptSpan, normalizeError(error, candidate));
          const next = await this.handleFailure(error, candidate, retry, startedAt, state);
          if (next === 'next') break;
        }
      }
      this.emitFallback(candidate, list[i + 1], state);
    }
    throw new NoProviderAvailableError(state.attempts, state.errors);
  }

  private startAttemptSpan(
    state: RequestState,
    candidate: Candidate,
    request: ChatRequest,
    retry: number,
  ): SpanLike | undefined {
    const telemetry = this.config.telemetry;
    if (telemetry === undefined || state.span === undefined) return undefined;
    return telemetry.startAttempt(
      state.span,
      candidate.providerId,
      candidate.model,
      request,
      retry,
    );
  }

  private endAttemptSpan(
    span: SpanLike | undefined,
    outcome: ProviderResponse | SwitchyardError | undefined,
  ): void {
    if (span === undefined) return;
    // A breaker that refused the call: nothing was sent.
    if (outcome === undefined) {
      span.setAttribute('switchyard.skipped', 'breaker-open');
      span.end();
      return;
    }
    this.config.telemetry?.endAttempt(span, outcome);
  }

  /** Applies the first budget whose action applies: refuse before any call, or reroute to a cheaper alias. */
  private async enforceBudgets(
    plan: RoutePlan,
    request: ChatRequest,
    state: RequestState,
    streaming: boolean,
  ): Promise<RoutePlan> {
    const verdict = await (this.budgets as Budgets).check(request, plan.tier);
    if (verdict === undefined) return plan;
    const percent = Math.round((verdict.spentUsd / verdict.limitUsd) * 100);
    if (verdict.action === 'refuse') {
      this.emitBudget(verdict, 'refuse', undefined);
      state.steps.push({
        policy: 'budget',
        verdict: 'decide',
        note: `budget "${verdict.budget}" at ${percent}%: refused`,
      });
      throw new BudgetExceededError(
        verdict.budget,
        verdict.spentUsd,
        verdict.limitUsd,
        verdict.period,
      );
    }
    const alias = verdict.action.reroute;
    if (plan.tier === alias) return plan;
    this.emitBudget(verdict, 'reroute', alias);
    state.steps.push({
      policy: 'budget',
      verdict: 'decide',
      note: `budget "${verdict.budget}" at ${percent}% of $${verdict.limitUsd} for ${verdict.period}: rerouted to ${alias}`,
    });
    return this.planner.reroute(plan, alias, request, state, streaming);
  }

  private emitBudget(
    v: { budget: string; spentUsd: number; limitUsd: number; period: string },
    action: 'warn' | 'reroute' | 'refuse',
    to: string | undefined,
  ): void {
    if (!this.events.active) return;
    this.events.emit({
      type: 'budget',
      budget: v.budget,
      action,
      spentUsd: v.spentUsd,
      limitUsd: v.limitUsd,
      period: v.period,
      to,
    });
  }

  private async *executeStream(
    request: ChatRequest,
    decision: CacheDecision | undefined,
    cacheStatus: NonNullable<RouteTrace['cache']>,
    span: RequestSpan | undefined,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    const { clock } = this.config;
    const state = this.begin(request, true);
    state.cache = cacheStatus;
    state.span = span;
    let attemptSpan: SpanLike | undefined;
    let plan: RoutePlan | undefined;
    let iterator: AsyncIterator<ProviderStreamPart> | undefined;
    let options: AttemptOptions | undefined;
    // Settles the breaker's view of the stream: a stream counts as one call that lasts until it ends.
    let settleBreaker: ((error?: unknown) => void) | undefined;
    let finished = false;
    try {
      plan = await this.planner.plan(request, state, true);
      if (this.budgets !== undefined) plan = await this.enforceBudgets(plan, request, state, true);
      this.emitDecision(plan, request, state);
      let chosen: Candidate | undefined;
      let first: ProviderStreamPart | undefined;
      let startedAt = 0;
      let retryOfChosen = 0;
      const list = plan.candidates;
      search: for (let i = 0; i < list.length; i++) {
        const candidate = list[i] as Candidate;
        const providerRequest = toProviderRequest(request, candidate);
        for (let retry = 0; ; retry++) {
          this.assertBeforeDeadline(state, candidate);
          settleBreaker = undefined;
          if (candidate.breaker !== undefined) {
            this.rotate(clock.now());
            settleBreaker = admitStream(candidate);
            if (settleBreaker === undefined) {
              this.recordSkip(candidate, 'breaker-open', state);
              break;
            }
          }
          options = new AttemptOptions();
          startedAt = clock.now();
          attemptSpan = this.startAttemptSpan(state, candidate, request, retry);
          try {
            iterator = openStream(candidate, providerRequest, options);
            const result = await guard(
              iterator.next(),
              state,
              options,
              this.config.attemptTimeoutMs,
              'attempt',
              this.deadlines,
              candidate,
            );
            if (result.done) throw truncated(candidate, 'before its first event');
            chosen = candidate;
            first = result.value;
            retryOfChosen = retry;
            break search;
          } catch (error) {
            closeQuietly(iterator);
            iterator = undefined;
            this.endAttemptSpan(attemptSpan, normalizeError(error, candidate));
            attemptSpan = undefined;
            settleBreaker?.(normalizeError(error, candidate));
            settleBreaker = undefined;
            const next = await this.handleFailure(error, candidate, retry, startedAt, state);
            if (next === 'next') break;
          }
        }
        this.emitFallback(candidate, list[i + 1], state);
      }
      if (
        chosen === undefined ||
        first === undefined ||
        iterator === undefined ||
        options === undefined
      ) {
        throw new NoProviderAvailableError(state.attempts, state.errors);
      }

      yield {
        type: 'start',
        provider: chosen.providerId,
        model: chosen.model,
        route: this.trace(plan, state, undefined),
        cached: false,
      };

      let text = '';
      const toolCalls: ToolCall[] = [];
      let part: ProviderStreamPart = first;
      for (;;) {
        if (part.type === 'text-delta') {
          if (part.text !== '') {
            text += part.text;
            yield part;
          }
        } else if (part.type === 'tool-call') {
          toolCalls.push(part.toolCall);
          yield part;
        } else {
          this.recordAttempt(state, {
            provider: chosen.providerId,
            model: chosen.model,
            outcome: 'success',
            retry: retryOfChosen,
            latencyMs: clock.now() - startedAt,
          });
          finished = true;
          settleBreaker?.();
          this.endAttemptSpan(attemptSpan, {
            text,
            toolCalls,
            finishReason: part.finishReason,
            usage: part.usage,
            model: part.model,
            id: part.id,
          });
          attemptSpan = undefined;
          const response = this.buildResponse(
            {
              text,
              toolCalls,
              finishReason: part.finishReason,
              rawFinishReason: part.rawFinishReason,
              usage: part.usage,
              model: part.model,
              id: part.id,
            },
            chosen,
            plan,
            state,
          );
          if (decision !== undefined) this.cache?.write(decision, response);
          this.afterSuccess(plan, response, request, true, state.answeredRef);
          yield { type: 'finish', response };
          return;
        }
        let result: IteratorResult<ProviderStreamPart>;
        try {
          result = await guard(
            iterator.next(),
            state,
            options,
            this.config.streamIdleTimeoutMs,
            'idle',
            this.deadlines,
            chosen,
          );
        } catch (error) {
          const failure = normalizeError(error, chosen);
          this.recordStreamFailure(failure, chosen, retryOfChosen, startedAt, state);
          settleBreaker?.(failure);
          this.endAttemptSpan(attemptSpan, failure);
          attemptSpan = undefined;
          throw failure;
        }
        if (result.done) {
          const failure = truncated(chosen, 'before its finish event');
          this.recordStreamFailure(failure, chosen, retryOfChosen, startedAt, state);
          settleBreaker?.(failure);
          this.endAttemptSpan(attemptSpan, failure);
          attemptSpan = undefined;
          throw failure;
        }
        part = result.value;
      }
    } catch (error) {
      const failure = this.finalError(error, plan, state);
      if (decision !== undefined) this.cache?.reject();
      this.afterFailure(failure, request, state, true);
      throw failure;
    } finally {
      if (!finished) {
        const reason = state.cancelled ?? new AbortError('The stream was closed by its consumer.');
        options?.abort(reason);
        closeQuietly(iterator);
        // A consumer that stops reading says nothing about the vendor: a neutral outcome.
        settleBreaker?.(reason);
        this.endAttemptSpan(attemptSpan, reason);
      }
      this.end(state, request);
    }
  }

  private recordAttempt(state: RequestState, attempt: RouteAttempt): void {
    state.attempts.push(attempt);
    if (this.events.active) {
      this.events.emit({
        type: 'attempt',
        provider: attempt.provider,
        model: attempt.model,
        outcome: attempt.outcome,
        retry: attempt.retry,
        latencyMs: attempt.latencyMs,
        errorKind: attempt.errorKind,
        skipReason: attempt.skipReason,
      });
    }
  }

  private recordSkip(candidate: Candidate, reason: string, state: RequestState): void {
    this.recordAttempt(state, {
      provider: candidate.providerId,
      model: candidate.model,
      outcome: 'skipped',
      retry: 0,
      latencyMs: 0,
      skipReason: reason,
    });
  }

  private recordStreamFailure(
    error: SwitchyardError,
    candidate: Candidate,
    retry: number,
    startedAt: number,
    state: RequestState,
  ): void {
    this.recordAttempt(state, {
      provider: candidate.providerId,
      model: candidate.model,
      outcome: 'error',
      retry,
      latencyMs: this.config.clock.now() - startedAt,
      errorKind: error.kind,
      errorMessage: error.message,
    });
    state.errors.push(error);
  }

  /**
   * Records a failed attempt and decides what follows: `'retry'` (after the backoff sleep),
   * `'next'` (the next candidate), or a throw that ends the request.
   */
  private async handleFailure(
    thrown: unknown,
    candidate: Candidate,
    retry: number,
    startedAt: number,
    state: RequestState,
  ): Promise<'retry' | 'next'> {
    const { clock, retry: retryOptions } = this.config;
    const error = normalizeError(thrown, candidate);
    this.recordAttempt(state, {
      provider: candidate.providerId,
      model: candidate.model,
      outcome: 'error',
      retry,
      latencyMs: clock.now() - startedAt,
      errorKind: error.kind,
      errorMessage: error.message,
    });
    state.errors.push(error);
    if (state.cancelled !== undefined) throw state.cancelled;
    if (AbortError.isInstance(error)) throw error;
    if (TimeoutError.isInstance(error) && error.scope === 'total') throw error;
    if (!this.config.fallbackOn(error)) throw error;
    if (error.retryable && retry < retryOptions.maxRetries && !candidate.breaker?.refusing) {
      const delay = backoffDelay(retry, error.retryAfterMs, retryOptions, this.config.random);
      if (
        delay !== undefined &&
        (state.deadline === undefined || clock.now() + delay < state.deadline)
      ) {
        if (this.events.active) {
          this.events.emit({
            type: 'retry',
            provider: candidate.providerId,
            model: candidate.model,
            retry: retry + 1,
            delayMs: delay,
            errorKind: error.kind,
          });
        }
        await sleepGuarded(delay, state, clock);
        return 'retry';
      }
    }
    return 'next';
  }

  private assertBeforeDeadline(state: RequestState, candidate: Candidate): void {
    if (state.cancelled !== undefined) throw state.cancelled;
    if (state.deadline !== undefined && this.config.clock.now() >= state.deadline) {
      throw new TimeoutError(
        `The request timed out after ${state.deadline - state.startedAt} ms before ${candidate.ref} could be tried.`,
        { scope: 'total', timeoutMs: state.deadline - state.startedAt },
      );
    }
  }

  private buildResponse(
    result: ProviderResponse,
    candidate: Candidate,
    plan: RoutePlan,
    state: RequestState,
    now: number = this.config.clock.now(),
  ): ChatResponse {
    state.answeredRef = candidate.ref;
    return {
      text: result.text,
      toolCalls: result.toolCalls,
      finishReason: result.finishReason,
      rawFinishReason: result.rawFinishReason,
      usage: result.usage,
      costUsd: this.cost(candidate, result),
      provider: candidate.providerId,
      model: result.model ?? candidate.model,
      cached: false,
      latencyMs: now - state.startedAt,
      id: result.id,
      route: this.trace(plan, state, candidate),
    };
  }

  private cost(candidate: Candidate, result: ProviderResponse): number | undefined {
    // The price is looked up once per candidate; a model the table does not know may still be
    // found under the id the vendor reported.
    let price = candidate.price;
    if (price === undefined) {
      price = this.prices.price(candidate.providerId, candidate.model) ?? null;
      candidate.price = price;
    }
    const cost =
      price !== null
        ? costAt(price, result.usage)
        : result.model === undefined
          ? undefined
          : this.prices.cost(candidate.providerId, result.model, result.usage);
    if (cost === undefined && !this.unpriced.has(candidate.ref)) {
      this.unpriced.add(candidate.ref);
      const message = `No price for ${candidate.ref}: its cost is reported as undefined. Add it with the router's \`prices\` option.`;
      process.emitWarning(message, { code: 'SWITCHYARD_UNKNOWN_PRICE' });
      this.warn('unknown-price', message);
    }
    return cost;
  }

  private trace(plan: RoutePlan, state: RequestState, answered: Candidate | undefined): RouteTrace {
    const c = plan.classification;
    return {
      intent: plan.intent,
      category: plan.category,
      complexity: c?.complexity,
      confidence: c?.confidence,
      tier: plan.tier,
      candidates: plan.refs,
      attempts: state.attempts,
      steps: state.steps,
      reason: describeReason(plan, state, answered),
      cache: state.cache,
      session:
        plan.session === undefined
          ? undefined
          : {
              id: plan.session.id,
              switched:
                answered !== undefined &&
                plan.session.previous !== undefined &&
                plan.session.previous.provider !== answered.providerId,
              previous: plan.session.previous?.provider,
            },
    };
  }

  private emitDecision(plan: RoutePlan, request: ChatRequest, state: RequestState): void {
    if (!this.events.active) return;
    const c = plan.classification;
    this.events.emit({
      type: 'decision',
      candidates: plan.refs,
      tier: plan.tier,
      intent: plan.intent,
      category: plan.category,
      complexity: c?.complexity,
      steps: state.steps,
      reason: plan.reason,
      tenant: request.tenant,
      sessionId: request.sessionId,
    });
  }

  private emitFallback(from: Candidate, to: Candidate | undefined, state: RequestState): void {
    if (to === undefined || !this.events.active) return;
    const last = state.attempts[state.attempts.length - 1];
    this.events.emit({
      type: 'fallback',
      from: from.ref,
      to: to.ref,
      reason: last?.errorKind ?? last?.skipReason ?? 'unknown',
    });
  }
  private afterSuccess(
    plan: RoutePlan,
    response: ChatResponse,
    request: ChatRequest,
    streamed: boolean,
    answeredRef?: string,
  ): void {
    this.statistics.recordResponse(response, request, streamed, answeredRef);
    if (this.budgets !== undefined && response.costUsd !== undefined && response.costUsd > 0) {
      this.budgets
        .record(request, plan.tier, response.costUsd)
        .then((warnings) => {
          for (const w of warnings) this.emitBudget(w, 'warn', undefined);
        })
        .catch(() => {});
    }
    const session = plan.session;
    const category = plan.classification?.category;
    if (session !== undefined && category !== undefined && this.sessions !== undefined) {
      const previous = session.previous;
      const switched = previous !== undefined && previous.provider !== response.provider;
      const write = this.sessions.set(
        session.id,
        {
          provider: response.provider,
          candidate: `${response.provider}:${response.route.attempts.at(-1)?.model ?? response.model}`,
          category,
          switches: (previous?.switches ?? 0) + (switched ? 1 : 0),
          updatedAt: this.config.clock.now(),
        },
        this.config.sessions.ttlMs ?? SESSION_TTL_MS,
      );
      if (write instanceof Promise) {
        write.catch((error: unknown) =>
          this.warn('session-store', `Could not save session ${session.id}: ${String(error)}`),
        );
      }
      if (switched && this.events.active) {
        this.events.emit({
          type: 'session-switch',
          sessionId: session.id,
          from: previous.provider,
          to: response.provider,
          fromCategory: previous.category,
          toCategory: category,
        });
      }
    }
    if (this.events.active) {
      this.events.emit({
        type: 'response',
        provider: response.provider,
        model: response.model,
        tier: response.route.tier,
        intent: response.route.intent,
        category: response.route.category,
        usage: response.usage,
        costUsd: response.costUsd,
        latencyMs: response.latencyMs,
        cached: response.cached,
        streamed,
        attempts: response.route.attempts.length,
        tenant: request.tenant,
        sessionId: request.sessionId,
        metadata: request.metadata,
      });
    }
  }
  private afterFailure(
    error: SwitchyardError,
    request: ChatRequest,
    state: RequestState,
    streamed: boolean,
  ): void {
    const latencyMs = this.config.clock.now() - state.startedAt;
    this.statistics.recordError(error, request, latencyMs, streamed);
    if (!this.events.active) return;
    this.events.emit({
      type: 'request-error',
      kind: error.kind,
      message: error.message,
      latencyMs,
      attempts: state.attempts.length,
      streamed,
      tenant: request.tenant,
      metadata: request.metadata,
    });
  }

  private warn(code: string, message: string): void {
    if (this.events.active)
      this.events.emit({ type: 'warning', code, message: redactSecrets(message) });
  }

  /** Attaches the trace to the error that ends a request and makes sure it is typed. */
  private finalError(
    thrown: unknown,
    plan: RoutePlan | undefined,
    state: RequestState,
  ): SwitchyardError {
    const error = SwitchyardError.isInstance(thrown) ? thrown : normalizeError(thrown, undefined);
    if (error.route === undefined) {
      error.route =
        plan === undefined
          ? { candidates: [], attempts: state.attempts, steps: state.steps, reason: error.message }
          : this.trace(plan, state, undefined);
    }
    return error;
  }
}

/** Admits a stream through the candidate's breaker; returns its settle function, or `undefined` if refused. */
function admitStream(candidate: Candidate): ((error?: unknown) => void) | undefined {
  let settle: ((error?: unknown) => void) | undefined;
  const lifetime = new Promise<true>((resolve, reject) => {
    settle = (error?: unknown) => (error === undefined ? resolve(true) : reject(error));
  });
  const admitted = (candidate.breaker as ProviderBreaker).tryRun(() => lifetime);
  if (admitted === undefined) return undefined;
  admitted.catch(() => {});
  let done = false;
  return (error?: unknown) => {
    if (done) return;
    done = true;
    settle?.(error);
  };
}

/** Replays a cached answer as a stream: start, the text in word-sized deltas, tool calls, finish. */
async function* replay(response: ChatResponse): AsyncGenerator<StreamEvent, void, undefined> {
  yield {
    type: 'start',
    provider: response.provider,
    model: response.model,
    route: response.route,
    cached: true,
  };
  if (response.text !== '') {
    for (const text of response.text.match(/\s*\S+\s*/g) ?? [response.text])
      yield { type: 'text-delta', text };
  }
  for (const toolCall of response.toolCalls) yield { type: 'tool-call', toolCall };
  yield { type: 'finish', response };
}

function callChat(
  candidate: Candidate,
  request: ProviderRequest,
  options: AttemptOptions,
): Promise<ProviderResponse> {
  try {
    return candidate.provider.chat(request, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

function openStream(
  candidate: Candidate,
  request: ProviderRequest,
  options: AttemptOptions,
): AsyncIterator<ProviderStreamPart> {
  return candidate.provider.stream(request, options)[Symbol.asyncIterator]();
}

function closeQuietly(iterator: AsyncIterator<unknown> | undefined): void {
  if (iterator?.return === undefined) return;
  try {
    // Not awaited: a provider stuck in its own await must not hold up the caller; the attempt's
    // signal has already been aborted, which is what makes it let go.
    iterator.return().catch(() => {});
  } catch {
    // A provider whose return() throws synchronously has nothing left to release.
  }
}

function truncated(candidate: Candidate, when: string): ConnectionError {
  return new ConnectionError(`${candidate.ref}: the stream ended ${when} (truncated).`, {
    provider: candidate.providerId,
    model: candidate.model,
    code: 'stream_truncated',
  });
}

function toProviderRequest(request: ChatRequest, candidate: Candidate): ProviderRequest {
  return {
    model: candidate.model,
    messages: request.messages,
    temperature: request.temperature,
    topP: request.topP,
    maxTokens: request.maxTokens,
    stop: request.stop,
    seed: request.seed,
    tools: request.tools,
    toolChoice: request.toolChoice,
    responseFormat: request.responseFormat,
    providerOptions: request.providerOptions?.[candidate.providerId],
  };
}

function describeReason(
  plan: RoutePlan,
  state: RequestState,
  answered: Candidate | undefined,
): string {
  if (answered === undefined) return plan.reason;
  const failed = state.attempts.length - 1;
  if (failed === 0) return `${answered.ref}: ${plan.reason}`;
  return `${answered.ref} after ${failed} failed or skipped ${failed === 1 ? 'attempt' : 'attempts'}: ${plan.reason}`;
}
