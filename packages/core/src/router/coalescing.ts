import type { CacheEntry } from '../cache/cache-store.js';
import type { Flight } from '../cache/response-cache.js';
import { TimeoutError } from '../errors/provider-errors.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { ZERO_USAGE } from '../provider/usage.js';
import { accountCachedAnswer } from './account.js';
import type { RouterContext } from './router-context.js';
import type { Cancellable } from './signal-listeners.js';

/** The answer for a cache hit (accounted by the caller: at once for chat, at `finish` for a stream). */
export function answerFromEntry(
  ctx: RouterContext,
  entry: CacheEntry,
  startedAt: number,
): ChatResponse {
  const now = ctx.config.clock.now();
  return {
    text: entry.text,
    toolCalls: entry.toolCalls,
    ...(entry.continuation !== undefined && { continuation: entry.continuation }),
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
      cache: 'hit',
    },
  };
}

/** A cached answer as stream events: start, the text in word-sized deltas, tool calls, finish. */
export function replayEvents(response: ChatResponse): StreamEvent[] {
  const events: StreamEvent[] = [
    {
      type: 'start',
      provider: response.provider,
      model: response.model,
      route: response.route,
      cached: true,
    },
  ];
  if (response.text !== '') {
    for (const text of response.text.match(/\s*\S+\s*/g) ?? [response.text])
      events.push({ type: 'text-delta', text });
  }
  for (const toolCall of response.toolCalls) events.push({ type: 'tool-call', toolCall });
  events.push({ type: 'finish', response });
  return events;
}

/**
 * Waits for a shared upstream call on behalf of one caller. Each waiter, the first caller
 * included, has its own signal and its own time limit (`timeoutMs`, or the router's): they end
 * only this waiter; the upstream call goes on for the others, and is cancelled when the last
 * waiter has gone. So the shared call lasts as long as the longest any waiter still allows.
 */
export function waitForFlight(
  ctx: RouterContext,
  flight: Flight,
  request: ChatRequest,
  follower: boolean,
): Promise<ChatResponse> {
  const startedAt = ctx.config.clock.now();
  const shared = follower
    ? flight.promise.then((r) => asCoalesced(ctx, r, request, startedAt))
    : flight.promise;
  const { signal } = request;
  const timeoutMs = request.timeoutMs ?? ctx.config.timeoutMs;
  if (signal === undefined && timeoutMs === undefined) return shared;
  return new Promise<ChatResponse>((resolve, reject) => {
    new FlightWaiter(ctx, flight, signal, timeoutMs, follower, resolve, reject).wait(shared);
  });
}

/** One caller waiting for a flight, with its own signal and time limit. */
class FlightWaiter implements Cancellable {
  private timer: unknown = undefined;
  private done = false;

  constructor(
    private readonly ctx: RouterContext,
    private readonly flight: Flight,
    private readonly signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    follower: boolean,
    private readonly resolve: (response: ChatResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    if (signal !== undefined) ctx.signals.add(signal, this);
    if (timeoutMs !== undefined) {
      this.timer = ctx.config.clock.setTimeout(
        () =>
          this.cancel(
            new TimeoutError(
              follower
                ? `The request timed out after ${timeoutMs} ms waiting for an identical request in flight.`
                : `The request timed out after ${timeoutMs} ms.`,
              { scope: 'total', timeoutMs },
            ),
          ),
        timeoutMs,
      );
    }
  }

  wait(shared: Promise<ChatResponse>): void {
    shared.then(
      (response) => {
        if (this.finish()) this.resolve(response);
      },
      (error: unknown) => {
        if (this.finish()) this.reject(error);
      },
    );
  }

  /** Leaves the flight: this caller's abort or time limit. */
  cancel(error: SwitchyardError): void {
    if (!this.finish()) return;
    this.flight.waiters -= 1;
    if (this.flight.waiters === 0) this.flight.cancel(error);
    this.reject(error);
  }

  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    if (this.signal !== undefined) this.ctx.signals.remove(this.signal, this);
    if (this.timer !== undefined) this.ctx.config.clock.clearTimeout(this.timer);
    return true;
  }
}

/** The answer a coalesced caller gets: the leader's, marked as served without a call of its own. */
function asCoalesced(
  ctx: RouterContext,
  response: ChatResponse,
  request: ChatRequest,
  startedAt: number,
): ChatResponse {
  const answer: ChatResponse = {
    ...response,
    usage: ZERO_USAGE,
    costUsd: 0,
    cached: true,
    latencyMs: ctx.config.clock.now() - startedAt,
    route: { ...response.route, cache: 'coalesced' },
  };
  accountCachedAnswer(ctx, answer, request, false);
  return answer;
}
