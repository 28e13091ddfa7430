import { EventEmitter } from 'node:events';
import { BenchmarkEngine } from '../benchmark/benchmark-engine.js';
import { ProviderBreaker } from '../breaker/circuit-breaker.js';
import { SharedBreakers } from '../breaker/shared-breakers.js';
import { Budgets } from '../budget/budgets.js';
import { ResponseCache } from '../cache/response-cache.js';
import { ClassifierRunner } from '../classify/classifier-runner.js';
import type { NormalizedRouterConfig } from '../config/validate-router-config.js';
import { AbortError, abortErrorFrom } from '../errors/abort-error.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { EventHub } from '../events/event-hub.js';
import { StoreBackends } from '../health/store-backends.js';
import { CandidateRegistry } from '../policy/candidate.js';
import { Planner } from '../policy/planner.js';
import { buildPolicyChain } from '../policy/policy-chain.js';
import type { ChatRequest } from '../provider/chat-request.js';
import { createMemorySessionStore, type SessionStore } from '../session/session-store.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { DeadlineQueue } from '../time/deadline-queue.js';
import { createPriceTable, type PriceTable } from '../usage/price-table.js';
import { StatsCollector } from '../usage/stats-collector.js';
import { RequestState } from './request-state.js';
import { healthReport, type RouterHealth } from './router-health.js';
import { type Cancellable, SignalListeners } from './signal-listeners.js';
import { waitForStore } from './store-wait.js';

/**
 * Everything one router holds, built once in `createRouter` and handed to every step. Which
 * parts exist (cache, budgets, sessions, telemetry) is settled here, once; the steps read the
 * fields rather than the configuration.
 *
 * Features built on top of the router keep their own per-router state in `extensions`.
 */
export class RouterContext {
  readonly candidates: CandidateRegistry;
  readonly events = new EventHub();
  readonly prices: PriceTable;
  readonly planner: Planner;
  /** The configured classifier chain, shared by the planner and the tool domain. */
  readonly classifier: ClassifierRunner;
  /** Where sessions live; `undefined` when session affinity is off. */
  readonly sessions: SessionStore | undefined;
  readonly cache: ResponseCache | undefined;
  readonly budgets: Budgets | undefined;
  readonly telemetry: Telemetry | undefined;
  /** The benchmark engine; `undefined` when `benchmarks` is off. */
  readonly bench: BenchmarkEngine | undefined;
  readonly statistics: StatsCollector;
  readonly deadlines: DeadlineQueue;
  readonly signals = new SignalListeners();
  /** Store calls being waited for (see `waitForStore`); `close()` rejects them. */
  readonly storeWaits = new Set<Cancellable>();
  /** Candidates already warned about for having no price. */
  readonly unpriced = new Set<string>();
  /** Warnings given once per router (`missing-api-key` per provider). */
  readonly warnedOnce = new Set<string>();
  /** State that features built on the router keep for its lifetime, under a key of their own. */
  readonly extensions = new Map<symbol | string, unknown>();
  closed = false;

  private readonly ownsSessionStore: boolean;
  private readonly sharedBreakers: SharedBreakers | undefined;
  private readonly backends: StoreBackends;
  private storeTimeouts: { count: number; lastStore: string; lastAt: number } | undefined;
  private readonly inFlight = new Set<RequestState>();
  // Opossum rotates its statistics buckets when this emits 'rotate'. The router emits it lazily,
  // when a breaker is consulted and a bucket interval has passed, instead of keeping a timer.
  private readonly rotation = new EventEmitter();
  private readonly bucketMs: number;
  private lastRotation: number;

  constructor(readonly config: NormalizedRouterConfig) {
    this.rotation.setMaxListeners(0);
    this.bucketMs = Math.max(
      1,
      Math.floor(config.breaker.rollingWindowMs / config.breaker.rollingBuckets),
    );
    this.lastRotation = config.clock.now();
    this.deadlines = new DeadlineQueue(config.clock);
    this.telemetry = config.telemetry;
    if (config.onEvent !== undefined) this.events.onAny(config.onEvent);
    this.prices = createPriceTable({ prices: config.prices });
    this.statistics = new StatsCollector(() => config.clock.now(), config.stats);
    this.classifier = new ClassifierRunner(config.classifier, (error) =>
      this.warn(
        'classifier-fallback',
        `The fallback classifier failed; the rules' verdict was used: ${String(error)}`,
      ),
    );
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
    this.sharedBreakers =
      config.breaker.store === undefined || !config.breaker.enabled
        ? undefined
        : new SharedBreakers(
            config.breaker.store,
            (ref) => this.candidates.get(ref)?.breaker,
            (message) => this.warn('breaker-store', message),
          );
    this.backends = StoreBackends.of(config, (code, message) => this.warn(code, message));
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
    const { chain, sessionLink } = buildPolicyChain(
      config,
      this.sessions !== undefined,
      (ref) => this.candidates.get(ref) !== undefined,
      this.bench === undefined ? undefined : { reader: this.bench, maxAgeMs: this.bench.maxAgeMs },
    );
    this.planner = new Planner({
      config,
      registry: this.candidates,
      classifier: this.classifier,
      sessions: this.sessions,
      prices: this.prices,
      chain,
      sessionLink,
      // The router passes its request state as the plan's trace: its signal and deadline bound
      // the read, as the store timeout does.
      awaitSession: (loaded, trace) =>
        waitForStore(this, loaded, undefined, 'session', trace as RequestState),
    });
  }

  /** Refuses requests once the router is closed. */
  assertOpen(): void {
    if (this.closed) {
      throw new InvalidRequestError('The router is closed; create a new one to send requests.', {
        code: 'router_closed',
      });
    }
  }

  /**
   * Starts a request: its start time, its total deadline, and (with `signal`) the caller's abort
   * wired to its cancellation. Throws the abort error when the signal has fired already. A call
   * shared by coalesced waiters is started `untimed`: each waiter keeps its own deadline, and the
   * call ends when the last of them has gone.
   */
  begin(
    request: ChatRequest,
    streamed: boolean,
    signal: AbortSignal | undefined,
    untimed = false,
  ): RequestState {
    const startedAt = this.config.clock.now();
    const timeoutMs = untimed ? undefined : (request.timeoutMs ?? this.config.timeoutMs);
    const state = new RequestState(
      request,
      startedAt,
      timeoutMs === undefined ? undefined : startedAt + timeoutMs,
      streamed,
    );
    if (signal !== undefined) {
      if (signal.aborted) throw abortErrorFrom(signal);
      state.signal = signal;
      this.signals.add(signal, state);
    }
    this.inFlight.add(state);
    return state;
  }

  /** Ends a request's bookkeeping (whatever way it ended). */
  end(state: RequestState): void {
    this.inFlight.delete(state);
    if (state.signal !== undefined) this.signals.remove(state.signal, state);
  }

  /** Reports a problem that did not fail the request, as a `warning` event (secrets redacted). */
  warn(code: string, message: string): void {
    if (this.events.active)
      this.events.emit({ type: 'warning', code, message: redactSecrets(message) });
  }

  /** Records a store call that outlasted `storeTimeoutMs`: a `store-timeout` warning and a health note. */
  noteStoreTimeout(store: string, limitMs: number): void {
    const at = this.config.clock.now();
    this.storeTimeouts = {
      count: (this.storeTimeouts?.count ?? 0) + 1,
      lastStore: store,
      lastAt: at,
    };
    this.warn(
      'store-timeout',
      `The ${store} store did not answer within ${limitMs} ms; the request went on without it.`,
    );
  }

  /** Lets the breakers' rolling windows catch up with the clock (see `rotation`). */
  rotate(now: number): void {
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

  health(): RouterHealth {
    const now = this.config.clock.now();
    this.rotate(now);
    const breakers = [];
    for (const candidate of this.candidates.all()) {
      if (candidate.breaker !== undefined) breakers.push(candidate.breaker.health());
    }
    const bench = this.bench?.health(now);
    return healthReport(now, breakers, this.backends.health(), bench, this.storeTimeouts);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing = new AbortError('The router was closed.');
    for (const state of this.inFlight) state.cancel(closing);
    this.inFlight.clear();
    for (const wait of [...this.storeWaits]) wait.cancel(closing);
    this.storeWaits.clear();
    this.deadlines.close();
    const benchClosed = this.bench?.close();
    this.sharedBreakers?.close();
    this.backends.close();
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
      this.sharedBreakers?.changed(breaker, to, this.config.clock.now());
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
}
