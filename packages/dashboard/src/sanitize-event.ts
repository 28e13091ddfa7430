import type { RouterEvent } from '@switchyard/core';

/** The router events the dashboard forwards to its event stream. */
export const FORWARDED_EVENTS = [
  'decision',
  'attempt',
  'retry',
  'fallback',
  'breaker',
  'session-switch',
  'response',
  'request-error',
  'warning',
  'extraction',
  'budget',
] as const satisfies readonly RouterEvent['type'][];

/**
 * What of an event the page gets. Fields are listed one by one, so a field added to an event later
 * is not forwarded until someone decides it is safe; free text that may carry user content
 * (request metadata, error messages, validation issues) goes only with `includeContent`.
 */
export function sanitizeEvent(event: RouterEvent, includeContent: boolean): object | undefined {
  switch (event.type) {
    case 'decision':
      return {
        type: event.type,
        candidates: event.candidates,
        tier: event.tier,
        intent: event.intent,
        category: event.category,
        complexity: event.complexity,
        steps: event.steps,
        reason: event.reason,
        tenant: event.tenant,
        sessionId: event.sessionId,
      };
    case 'attempt':
      return {
        type: event.type,
        provider: event.provider,
        model: event.model,
        outcome: event.outcome,
        retry: event.retry,
        latencyMs: event.latencyMs,
        errorKind: event.errorKind,
        skipReason: event.skipReason,
      };
    case 'retry':
      return {
        type: event.type,
        provider: event.provider,
        model: event.model,
        retry: event.retry,
        delayMs: event.delayMs,
        errorKind: event.errorKind,
      };
    case 'fallback':
      return { type: event.type, from: event.from, to: event.to, reason: event.reason };
    case 'breaker':
      return {
        type: event.type,
        candidate: event.candidate,
        from: event.from,
        to: event.to,
        at: event.at,
      };
    case 'session-switch':
      return {
        type: event.type,
        sessionId: event.sessionId,
        from: event.from,
        to: event.to,
        fromCategory: event.fromCategory,
        toCategory: event.toCategory,
      };
    case 'response':
      return {
        type: event.type,
        provider: event.provider,
        model: event.model,
        tier: event.tier,
        intent: event.intent,
        category: event.category,
        usage: event.usage,
        costUsd: event.costUsd,
        latencyMs: event.latencyMs,
        cached: event.cached,
        streamed: event.streamed,
        attempts: event.attempts,
        tenant: event.tenant,
        sessionId: event.sessionId,
        ...(includeContent ? { metadata: event.metadata } : {}),
      };
    case 'request-error':
      return {
        type: event.type,
        kind: event.kind,
        latencyMs: event.latencyMs,
        attempts: event.attempts,
        streamed: event.streamed,
        tenant: event.tenant,
        ...(includeContent ? { message: event.message, metadata: event.metadata } : {}),
      };
    case 'warning':
      // The router's own words (an unpriced model, a failing store), secrets already redacted.
      return { type: event.type, code: event.code, message: event.message };
    case 'extraction':
      return {
        type: event.type,
        widget: event.widget,
        success: event.success,
        attempts: event.attempts,
        strategy: event.strategy,
        ...(includeContent ? { issues: event.issues } : {}),
      };
    case 'budget':
      return {
        type: event.type,
        budget: event.budget,
        action: event.action,
        spentUsd: event.spentUsd,
        limitUsd: event.limitUsd,
        period: event.period,
        to: event.to,
      };
    default:
      return undefined;
  }
}

/**
 * A `benchmark` event (a run started, finished, was skipped or failed), read loosely: the type is
 * not in this version of core yet. Its message may quote a vendor error, so it goes only with
 * `includeContent`.
 */
export function sanitizeBenchmarkEvent(
  event: unknown,
  includeContent: boolean,
): object | undefined {
  if (event === null || typeof event !== 'object') return undefined;
  const e = event as Record<string, unknown>;
  if (e.type !== 'benchmark') return undefined;
  const pick = (v: unknown, kind: 'string' | 'number' | 'boolean') =>
    typeof v === kind ? v : undefined;
  return {
    type: 'benchmark',
    phase: pick(e.phase, 'string'),
    scheduled: pick(e.scheduled, 'boolean'),
    runId: pick(e.runId, 'string'),
    spentUsd: pick(e.spentUsd, 'number'),
    at: pick(e.at, 'number'),
    ...(includeContent ? { message: pick(e.message, 'string') } : {}),
  };
}
