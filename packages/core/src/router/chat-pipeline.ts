import type { CacheEntry } from '../cache/cache-store.js';
import { type CacheDecision, Flight, type ResponseCache } from '../cache/response-cache.js';
import { isPromise } from '../classify/classifier-runner.js';
import { abortErrorFrom } from '../errors/abort-error.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { ProviderResponse } from '../provider/provider.js';
import type { RouteTrace } from '../provider/route-trace.js';
import type { RequestSpan, Telemetry } from '../telemetry/telemetry.js';
import { accountCachedAnswer, accountFailure, accountSuccess } from './account.js';
import { chatAttempt } from './attempt-kinds.js';
import { attemptLoop } from './attempt-loop.js';
import { recordAttempt } from './attempt-record.js';
import { endAttemptSpan } from './attempt-telemetry.js';
import { buildResponse, finalError } from './build-response.js';
import { choose } from './choose.js';
import { answerFromEntry, waitForFlight } from './coalescing.js';
import { normalizeError } from './normalize-error.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';
import { limitsOf, waitForStore } from './store-wait.js';
import { validateChatRequest } from './validate-request.js';

/** `router.chat` for one router: the variant (cache, telemetry) is chosen once, here. */
export type ChatPipeline = (ctx: RouterContext, request: ChatRequest) => Promise<ChatResponse>;

/** Picks the chat pipeline for a router's configuration. */
export function chatPipelineFor(ctx: RouterContext): ChatPipeline {
  if (ctx.telemetry !== undefined) return chatTraced;
  return ctx.cache === undefined ? chatWithoutCache : chatWithCache;
}

// Not `async`: returning an inner promise from an async function costs an extra promise and
// microtask hops on every request. These reject rather than throw.
function chatWithoutCache(ctx: RouterContext, request: ChatRequest): Promise<ChatResponse> {
  try {
    ctx.assertOpen();
    validateChatRequest(request);
  } catch (error) {
    return Promise.reject(error);
  }
  return routeChat(ctx, request, 'off', undefined, undefined, undefined);
}

function chatWithCache(ctx: RouterContext, request: ChatRequest): Promise<ChatResponse> {
  return chatRouted(ctx, request, undefined);
}

async function chatTraced(ctx: RouterContext, request: ChatRequest): Promise<ChatResponse> {
  const telemetry = ctx.telemetry as Telemetry;
  const span = telemetry.startRequest(request, false);
  try {
    const response = await chatRouted(ctx, request, span);
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

/** validate → cached answer or coalescing → the providers. */
function chatRouted(
  ctx: RouterContext,
  request: ChatRequest,
  span: RequestSpan | undefined,
): Promise<ChatResponse> {
  const cache = ctx.cache;
  let decision: CacheDecision | undefined;
  try {
    ctx.assertOpen();
    validateChatRequest(request);
    decision = cache?.decide(request);
  } catch (error) {
    return Promise.reject(error);
  }
  if (cache === undefined || decision === undefined) {
    const status = cache === undefined ? 'off' : 'bypass';
    return routeChat(ctx, request, status, undefined, span, undefined);
  }
  return chatCached(ctx, request, span, cache, decision);
}

// Not `async` either: with the in-memory store the lookup is synchronous, and the miss goes
// straight on to the flight without an async frame of its own.
function chatCached(
  ctx: RouterContext,
  request: ChatRequest,
  span: RequestSpan | undefined,
  cache: ResponseCache,
  decision: CacheDecision,
): Promise<ChatResponse> {
  if (request.signal?.aborted) return Promise.reject(abortErrorFrom(request.signal));
  // An identical request already in flight will answer this one too: no need to ask the store
  // (which cannot have the answer yet, and may be a network round trip away).
  const inFlight = cache.coalesce ? cache.flights.get(decision.key) : undefined;
  if (inFlight !== undefined) return joinFlight(ctx, cache, inFlight, request);
  if (decision.mode === 'read') {
    const startedAt = ctx.config.clock.now();
    const found = cache.read(decision.key);
    if (isPromise(found))
      return chatAfterStoreRead(ctx, request, span, cache, decision, found, startedAt);
    const entry = cache.count(found);
    if (entry !== undefined) {
      try {
        return Promise.resolve(cachedAnswer(ctx, entry, request, startedAt));
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }
  return chatUncached(ctx, request, span, cache, decision);
}

/** The rest of `chatCached` when the store answers asynchronously (a shared store). */
async function chatAfterStoreRead(
  ctx: RouterContext,
  request: ChatRequest,
  span: RequestSpan | undefined,
  cache: ResponseCache,
  decision: CacheDecision,
  found: Promise<CacheEntry | undefined>,
  startedAt: number,
): Promise<ChatResponse> {
  const entry = cache.count(
    await waitForStore(ctx, found, undefined, 'cache', limitsOf(ctx, request, startedAt)),
  );
  if (entry !== undefined) return cachedAnswer(ctx, entry, request, startedAt);
  return chatUncached(ctx, request, span, cache, decision);
}

function cachedAnswer(
  ctx: RouterContext,
  entry: CacheEntry,
  request: ChatRequest,
  startedAt: number,
): ChatResponse {
  const answer = answerFromEntry(ctx, entry, startedAt);
  accountCachedAnswer(ctx, answer, request, false);
  return answer;
}

/** A miss (or a refresh): the providers, as the leader of a flight when coalescing. */
function chatUncached(
  ctx: RouterContext,
  request: ChatRequest,
  span: RequestSpan | undefined,
  cache: ResponseCache,
  decision: CacheDecision,
): Promise<ChatResponse> {
  const status = decision.mode === 'refresh' ? 'refresh' : 'miss';
  if (!cache.coalesce) return routeChat(ctx, request, status, decision, span, undefined);
  // A store read that was awaited may have let an identical request start its flight meanwhile.
  const started = cache.flights.get(decision.key);
  if (started !== undefined) return joinFlight(ctx, cache, started, request);
  const flight = new Flight(decision.key);
  cache.flights.set(decision.key, flight);
  // The upstream call belongs to every waiter, so it ignores any one caller's signal; it is
  // cancelled only when the last waiter has gone (or the router closes).
  flight.promise = routeChat(ctx, request, status, decision, span, flight);
  return waitForFlight(ctx, flight, request, false);
}

function joinFlight(
  ctx: RouterContext,
  cache: ResponseCache,
  flight: Flight,
  request: ChatRequest,
): Promise<ChatResponse> {
  cache.countCoalesced();
  flight.waiters += 1;
  return waitForFlight(ctx, flight, request, true);
}

/** choose → attempt loop → build the response → account (the cache, if any, was consulted). */
async function routeChat(
  ctx: RouterContext,
  request: ChatRequest,
  cacheStatus: NonNullable<RouteTrace['cache']>,
  decision: CacheDecision | undefined,
  span: RequestSpan | undefined,
  flight: Flight | undefined,
): Promise<ChatResponse> {
  // A flight's upstream call ignores the leader's signal and time limit (see `chatCached`): each
  // waiter, the leader included, keeps its own.
  const state =
    flight === undefined
      ? ctx.begin(request, false, request.signal)
      : ctx.begin(request, false, undefined, true);
  state.cache = cacheStatus;
  state.decision = decision;
  state.span = span;
  if (flight !== undefined) flight.state = state;
  try {
    const chosen = choose(ctx, state);
    if (isPromise(chosen)) await chosen;
    const result = await attemptLoop(ctx, state, chatAttempt);
    const response = answered(ctx, state, result);
    if (decision !== undefined) ctx.cache?.write(decision, response);
    accountSuccess(ctx, state, response);
    return response;
  } catch (error) {
    const failure = finalError(error, state);
    if (decision !== undefined) ctx.cache?.reject();
    accountFailure(ctx, state, failure);
    throw failure;
  } finally {
    ctx.end(state);
    if (flight !== undefined && ctx.cache?.flights.get(flight.key) === flight)
      ctx.cache.flights.delete(flight.key);
  }
}

/** Records the successful try and builds the caller's answer (chat, and embeddings). */
export function answered(
  ctx: RouterContext,
  state: RequestState,
  result: ProviderResponse,
): ChatResponse {
  endAttemptSpan(ctx.telemetry, state, result);
  const candidate = state.candidate as Candidate;
  const endedAt = ctx.config.clock.now();
  const latencyMs = endedAt - state.attemptStartedAt;
  candidate.recordLatency(latencyMs);
  recordAttempt(ctx, state, {
    provider: candidate.providerId,
    model: candidate.model,
    outcome: 'success',
    retry: state.retry,
    latencyMs,
  });
  return buildResponse(ctx, state, result, candidate, endedAt);
}
