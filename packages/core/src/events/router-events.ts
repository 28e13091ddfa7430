import type { BreakerState } from '../breaker/circuit-breaker.js';
import type { ErrorKind } from '../errors/error-kind.js';
import type { Complexity, RouteStep } from '../provider/route-trace.js';
import type { Usage } from '../provider/usage.js';

/** The router chose its candidates for a request. */
export interface DecisionEvent {
  readonly type: 'decision';
  readonly candidates: readonly string[];
  readonly tier: string | undefined;
  readonly intent: string | undefined;
  readonly category: string | undefined;
  readonly complexity: Complexity | undefined;
  readonly steps: readonly RouteStep[];
  readonly reason: string;
  readonly tenant: string | undefined;
  readonly sessionId: string | undefined;
}

/** One try of one candidate ended (or the candidate was skipped). */
export interface AttemptEvent {
  readonly type: 'attempt';
  readonly provider: string;
  readonly model: string;
  readonly outcome: 'success' | 'error' | 'skipped';
  readonly retry: number;
  readonly latencyMs: number;
  readonly errorKind: ErrorKind | undefined;
  readonly skipReason: string | undefined;
}

/** The router will try the same candidate again after a backoff. */
export interface RetryEvent {
  readonly type: 'retry';
  readonly provider: string;
  readonly model: string;
  /** The retry about to happen (1 for the first retry). */
  readonly retry: number;
  readonly delayMs: number;
  readonly errorKind: ErrorKind;
}

/** The router moves on to the next candidate. */
export interface FallbackEvent {
  readonly type: 'fallback';
  /** `provider:model` given up on. */
  readonly from: string;
  /** `provider:model` tried next. */
  readonly to: string;
  /** Why: the last error's kind, or a skip reason. */
  readonly reason: string;
}

/** A circuit breaker changed state. */
export interface BreakerEvent {
  readonly type: 'breaker';
  readonly candidate: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly at: number;
}

/** A session switched provider (its topic changed). */
export interface SessionSwitchEvent {
  readonly type: 'session-switch';
  readonly sessionId: string;
  readonly from: string;
  readonly to: string;
  readonly fromCategory: string;
  readonly toCategory: string;
}

/** A request completed. */
export interface ResponseEvent {
  readonly type: 'response';
  readonly provider: string;
  readonly model: string;
  readonly tier: string | undefined;
  readonly intent: string | undefined;
  readonly category: string | undefined;
  readonly usage: Usage;
  readonly costUsd: number | undefined;
  readonly latencyMs: number;
  readonly cached: boolean;
  readonly streamed: boolean;
  readonly attempts: number;
  readonly tenant: string | undefined;
  readonly sessionId: string | undefined;
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
}

/** A request failed for good. */
export interface RequestErrorEvent {
  readonly type: 'request-error';
  readonly kind: ErrorKind;
  readonly message: string;
  readonly latencyMs: number;
  readonly attempts: number;
  readonly streamed: boolean;
  readonly tenant: string | undefined;
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
}

/** A listener threw or an async listener rejected. The request was not affected. */
export interface ListenerErrorEvent {
  readonly type: 'listener-error';
  /** The event the listener was handling. */
  readonly eventType: string;
  readonly message: string;
}

/** A widget's output was extracted and validated, or could not be. */
export interface ExtractionEvent {
  readonly type: 'extraction';
  readonly widget: string;
  readonly success: boolean;
  readonly attempts: number;
  readonly strategy: string;
  readonly issues: readonly string[] | undefined;
}

/** A budget crossed its warning line, rerouted a request, or refused one. */
export interface BudgetEvent {
  readonly type: 'budget';
  readonly budget: string;
  readonly action: 'warn' | 'reroute' | 'refuse';
  readonly spentUsd: number;
  readonly limitUsd: number;
  /** The period the spend counts toward (`2026-11-21`, `2026-11`). */
  readonly period: string;
  /** For `reroute`: the alias the request went to. */
  readonly to: string | undefined;
}

/** Something worth knowing that did not fail a request (an unpriced model, a session store error). */
export interface WarningEvent {
  readonly type: 'warning';
  /** `unknown-price`, `session-store`, `classifier-fallback`, ... */
  readonly code: string;
  readonly message: string;
}

/**
 * A benchmark run started, finished (its scores are stored), was skipped by the scheduler (a
 * run was still going, or another instance held the benchmark lock), or failed (`error`: refused, stopped, or broken; requests are never
 * affected).
 */
export interface BenchmarkEvent {
  readonly type: 'benchmark';
  readonly phase: 'start' | 'finish' | 'skipped' | 'error';
  /** Whether the scheduler started it (else `router.runBenchmarks()`). */
  readonly scheduled: boolean;
  /** The run's id, once it has one. */
  readonly runId: string | undefined;
  /** What the run spent, in US dollars (finish, and error after a partial run). */
  readonly spentUsd?: number | undefined;
  /** Why (error, skipped), or a remark (finish). */
  readonly message?: string | undefined;
  /** When (ms since the epoch). */
  readonly at: number;
}

/** A tool the router ran in a `maxSteps` loop finished (or failed; the request goes on). */
export interface ToolEvent {
  readonly type: 'tool';
  /** The model turn (1-based) whose call this answers. */
  readonly step: number;
  readonly toolCallId: string;
  readonly name: string;
  /** `undefined` on success; else `unknown-tool`, `invalid-arguments`, `timeout` or `threw`. */
  readonly error: string | undefined;
  /** Time the tool took, in milliseconds. */
  readonly latencyMs: number;
}

/** Every event the router emits. */
export type RouterEvent =
  | DecisionEvent
  | AttemptEvent
  | RetryEvent
  | FallbackEvent
  | BreakerEvent
  | SessionSwitchEvent
  | ResponseEvent
  | RequestErrorEvent
  | ListenerErrorEvent
  | WarningEvent
  | ExtractionEvent
  | BudgetEvent
  | BenchmarkEvent
  | ToolEvent;

/** The name of an event. */
export type RouterEventType = RouterEvent['type'];

/** A listener for events of one type; it may return a promise (fire-and-forget). */
export type RouterEventListener<T extends RouterEventType = RouterEventType> = (
  event: Extract<RouterEvent, { type: T }>,
) => unknown;
