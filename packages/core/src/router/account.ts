import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import { emitBudget } from './choose.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';

const SESSION_TTL_MS = 30 * 60_000;

/**
 * Accounts for an answered request: statistics, budget spend, the session's provider, and the
 * `session-switch` and `response` events (queued for after the caller has its answer).
 */
export function accountSuccess(
  ctx: RouterContext,
  state: RequestState,
  response: ChatResponse,
): void {
  const { request, streamed } = state;
  const plan = state.plan;
  ctx.config.feedback?.observe(request, response);
  ctx.statistics.recordResponse(response, request, streamed, state.answeredRef);
  const budgets = ctx.budgets;
  if (budgets !== undefined && response.costUsd !== undefined && response.costUsd > 0) {
    budgets
      .record(request, plan?.tier, response.costUsd)
      .then((warnings) => {
        for (const w of warnings) emitBudget(ctx, w, 'warn', undefined);
      })
      .catch(() => {});
  }
  const session = plan?.session;
  const category = plan?.classification?.category;
  if (session !== undefined && category !== undefined && ctx.sessions !== undefined) {
    const previous = session.previous;
    const switched = previous !== undefined && previous.provider !== response.provider;
    const write = ctx.sessions.set(
      session.id,
      {
        provider: response.provider,
        candidate: `${response.provider}:${response.route.attempts.at(-1)?.model ?? response.model}`,
        category,
        switches: (previous?.switches ?? 0) + (switched ? 1 : 0),
        updatedAt: ctx.config.clock.now(),
      },
      ctx.config.sessions.ttlMs ?? SESSION_TTL_MS,
    );
    if (write instanceof Promise) {
      write.catch((error: unknown) =>
        ctx.warn('session-store', `Could not save session ${session.id}: ${String(error)}`),
      );
    }
    if (switched && ctx.events.active) {
      ctx.events.emit({
        type: 'session-switch',
        sessionId: session.id,
        from: previous.provider,
        to: response.provider,
        fromCategory: previous.category,
        toCategory: category,
      });
    }
  }
  emitResponse(ctx, response, request, streamed, response.route.attempts.length);
}

/** Accounts for a request that failed: statistics and the `request-error` event. */
export function accountFailure(
  ctx: RouterContext,
  state: RequestState,
  error: SwitchyardError,
): void {
  const { request, streamed } = state;
  const latencyMs = ctx.config.clock.now() - state.startedAt;
  ctx.statistics.recordError(error, request, latencyMs, streamed);
  if (!ctx.events.active) return;
  ctx.events.emit({
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

/**
 * Accounts for an answer served without a call of its own (a cache hit, or an identical request's
 * answer). A replayed stream is accounted when its `finish` is read, as a live stream is.
 */
export function accountCachedAnswer(
  ctx: RouterContext,
  answer: ChatResponse,
  request: ChatRequest,
  streamed: boolean,
): void {
  ctx.statistics.recordResponse(answer, request, streamed);
  emitResponse(ctx, answer, request, streamed, 0);
}

function emitResponse(
  ctx: RouterContext,
  response: ChatResponse,
  request: ChatRequest,
  streamed: boolean,
  attempts: number,
): void {
  if (!ctx.events.active) return;
  ctx.events.emit({
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
    attempts,
    tenant: request.tenant,
    sessionId: request.sessionId,
    metadata: request.metadata,
  });
}
