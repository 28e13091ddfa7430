import type {
  BreakerHealth,
  BreakerState,
  BudgetRule,
  ErrorKind,
  LatencySummary,
  Router,
  RouterEvent,
  StoreBackendHealth,
  StoreHealth,
} from '@switchyard/core';
import { BudgetTracker } from './budget-spend.js';
import { DecisionLog } from './decision-log.js';
import { FORWARDED_EVENTS, sanitizeBenchmarkEvent, sanitizeEvent } from './sanitize-event.js';

/** One candidate (`provider:model`) on the health endpoint. */
export interface CandidateHealth {
  readonly candidate: string;
  /** The breaker's state; `null` when the router runs without breakers. */
  readonly state: BreakerState | null;
  /**
   * Since when the breaker has been in this state (ms since the epoch): the last state change
   * the dashboard saw, or the opening time the router reports; `null` when unknown (closed since
   * before the dashboard started).
   */
  readonly since: number | null;
  readonly consecutiveFailures: number;
  /** Times the breaker has opened. */
  readonly opens: number;
  /** When an open breaker will next let a trial call through. */
  readonly nextAttemptAt: number | null;
  /** Calls, successes, failures and refusals over the breaker's rolling window. */
  readonly window: BreakerHealth['window'] | null;
  /** The last failed attempt the dashboard saw: its error's kind and when. */
  readonly lastError: { readonly kind: ErrorKind; readonly at: number } | null;
  /** Latency of the candidate's successful attempts (ms), from `router.stats().byModel`. */
  readonly latency: LatencySummary | null;
  /** Requests the candidate answered or ended with an error. */
  readonly requests: number;
  readonly costUsd: number;
}

/** What the health endpoint answers. */
export interface DashboardHealth {
  /** The router's: `degraded` also when a store backend is down (see `backends`). */
  readonly status: 'ok' | 'degraded' | 'down';
  readonly checkedAt: number;
  readonly candidates: readonly CandidateHealth[];
  /**
   * The backend of each store that reports one (`@switchyard/redis` stores do): `store` (`cache`,
   * `session`, `budget`, `breaker`, `benchmark`), `backend` (without credentials), `state` (`up`,
   * or `down` while the store answers from local state), `since` and `lastError` while down.
   * Empty when no store reports a backend.
   */
  readonly backends: readonly StoreBackendHealth[];
  /**
   * Store calls that outlasted the router's `storeTimeoutMs` (counted as misses or skipped):
   * how many, and the last one (`store`, `at` in ms since the epoch); `null` while none has.
   */
  readonly stores: StoreHealth | null;
}

type Subscriber = (chunk: string) => void;

/**
 * Listens to a router for the dashboard: keeps the recent decisions, each candidate's last error
 * and time of its last breaker change, the budget spend, and feeds the event streams.
 */
export class RouterWatch {
  readonly decisions: DecisionLog;
  readonly budgets: BudgetTracker;
  private readonly lastError = new Map<string, { kind: ErrorKind; at: number }>();
  private readonly stateSince = new Map<string, number>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly unsubscribe: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly router: Router,
    private readonly options: {
      readonly maxDecisions: number;
      readonly budgets: readonly BudgetRule[];
      readonly includeContent: boolean;
      readonly snapshotIntervalMs: number;
      readonly now: () => number;
      readonly snapshot: () => object;
      /** JSON with secrets redacted. */
      readonly serialize: (data: unknown) => string;
    },
  ) {
    this.decisions = new DecisionLog(options.maxDecisions);
    this.budgets = new BudgetTracker(options.budgets, options.now);
    for (const type of FORWARDED_EVENTS) {
      this.unsubscribe.push(router.on(type, (event) => this.onEvent(event as RouterEvent)));
    }
    // The benchmark engine's `benchmark` events (run started, finished, skipped, failed) are
    // being added to core in parallel: listen by name, so they are forwarded once they exist.
    const on = router.on as (type: string, listener: (event: unknown) => unknown) => () => void;
    this.unsubscribe.push(
      on.call(router, 'benchmark', (event) => {
        if (this.subscribers.size === 0) return;
        const safe = sanitizeBenchmarkEvent(event, this.options.includeContent);
        if (safe !== undefined)
          this.broadcast('benchmark', { ...safe, receivedAt: this.options.now() });
      }),
    );
  }

  health(): DashboardHealth {
    const health = this.router.health();
    const byModel = this.router.stats().byModel;
    const seen = new Set<string>();
    const candidates: CandidateHealth[] = [];
    const add = (candidate: string, breaker: BreakerHealth | undefined) => {
      seen.add(candidate);
      const stats = byModel[candidate];
      candidates.push({
        candidate,
        state: breaker?.state ?? null,
        since:
          this.stateSince.get(candidate) ??
          (breaker !== undefined && breaker.state !== 'closed' ? (breaker.openedAt ?? null) : null),
        consecutiveFailures: breaker?.consecutiveFailures ?? 0,
        opens: breaker?.opens ?? 0,
        nextAttemptAt: breaker?.nextAttemptAt ?? null,
        window: breaker?.window ?? null,
        lastError: this.lastError.get(candidate) ?? null,
        latency: stats !== undefined && stats.latency.count > 0 ? stats.latency : null,
        requests: stats?.requests ?? 0,
        costUsd: stats?.costUsd ?? 0,
      });
    };
    for (const breaker of health.breakers) add(breaker.candidate, breaker);
    for (const candidate of Object.keys(byModel))
      if (!seen.has(candidate)) add(candidate, undefined);
    return {
      status: health.status,
      checkedAt: health.checkedAt,
      candidates,
      backends: health.backends ?? [],
      stores: health.stores ?? null,
    };
  }

  /** Adds an event-stream listener; returns the function that removes it. */
  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    if (this.timer === undefined) {
      this.timer = setInterval(
        () => this.broadcast('snapshot', this.options.snapshot()),
        this.options.snapshotIntervalMs,
      );
      // A dashboard someone forgot to close must not keep the host's process alive.
      this.timer.unref?.();
    }
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stopTimer();
    };
  }

  get listeners(): number {
    return this.subscribers.size;
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.stopTimer();
    this.subscribers.clear();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private onEvent(event: RouterEvent): void {
    const now = this.options.now();
    switch (event.type) {
      case 'decision':
        this.decisions.add(event, now);
        break;
      case 'attempt':
        if (event.outcome === 'error' && event.errorKind !== undefined) {
          this.lastError.set(`${event.provider}:${event.model}`, {
            kind: event.errorKind,
            at: now,
          });
        }
        break;
      case 'breaker':
        this.stateSince.set(event.candidate, event.at);
        break;
      case 'response':
        this.budgets.onResponse(event);
        break;
      case 'budget':
        this.budgets.onBudget(event);
        break;
    }
    if (this.subscribers.size === 0) return;
    const safe = sanitizeEvent(event, this.options.includeContent);
    if (safe !== undefined) this.broadcast(event.type, { ...safe, receivedAt: now });
  }

  broadcast(type: string, data: object): void {
    if (this.subscribers.size === 0) return;
    const chunk = `event: ${type}\ndata: ${this.options.serialize(data)}\n\n`;
    for (const subscriber of this.subscribers) subscriber(chunk);
  }
}
