import * as crypto from 'node:crypto';
import type { CacheDecision } from '../cache/response-cache.js';
import { isPromise } from '../classify/classifier-runner.js';
import { InvalidRequestError, InvalidResponseError } from '../errors/provider-errors.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { RoutePlan } from '../policy/planner.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { EmbedRequest, EmbedResponse } from '../provider/embed-request.js';
import type { ProviderEmbedResponse, ProviderResponse } from '../provider/provider.js';
import type { RequestSpan } from '../telemetry/telemetry.js';
import { accountCachedAnswer, accountFailure, accountSuccess } from './account.js';
import type { AttemptKind } from './attempt-loop.js';
import { attemptLoop } from './attempt-loop.js';
import type { AttemptOptions } from './attempt-options.js';
import { finalError } from './build-response.js';
import { answered } from './chat-pipeline.js';
import { choose } from './choose.js';
import { answerFromEntry } from './coalescing.js';
import { guard } from './guard.js';
import { normalizeError } from './normalize-error.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';
import { limitsOf, waitForStore } from './store-wait.js';

/**
 * `router.embed`: validate → cache → choose → the one attempt loop (retries, breakers, fallback)
 * over the candidates that have embeddings → account, as `router.chat` does. The steps take a
 * chat-shaped view of the request (one user message per input), so budgets, statistics and
 * events count embeddings like any answer. Identical requests in flight are not coalesced.
 *
 * @throws InvalidRequestError `invalid_request` for a bad request; `no_embeddings` when no
 *   candidate's provider offers embeddings. Otherwise the errors of `router.chat`.
 */
export async function embedPipeline(
  ctx: RouterContext,
  request: EmbedRequest,
): Promise<EmbedResponse> {
  const telemetry = ctx.telemetry;
  if (telemetry === undefined) {
    ctx.assertOpen();
    const inputs = validateEmbedRequest(request);
    return (await embedRouted(ctx, request, inputs, undefined)).result;
  }
  // One `embeddings` span per request, its attempts' spans under it (GenAI conventions); opened
  // before validation, as a chat request's is, so a refused request shows too.
  const raw = request as Partial<EmbedRequest> | null | undefined;
  const model = typeof raw?.model === 'string' || Array.isArray(raw?.model) ? raw.model : undefined;
  const tenant = typeof raw?.tenant === 'string' ? raw.tenant : undefined;
  const span = telemetry.startRequest({ messages: [], model, tenant }, false, 'embeddings');
  if (typeof raw?.dimensions === 'number')
    span.span.setAttribute('gen_ai.embeddings.dimension.count', raw.dimensions);
  try {
    ctx.assertOpen();
    const inputs = validateEmbedRequest(request);
    const response = await embedRouted(ctx, request, inputs, span);
    telemetry.endRequest(span, response.answer);
    return response.result;
  } catch (error) {
    telemetry.endRequest(
      span,
      SwitchyardError.isInstance(error) ? error : normalizeError(error, undefined),
    );
    throw error;
  }
}

async function embedRouted(
  ctx: RouterContext,
  request: EmbedRequest,
  inputs: readonly string[],
  span: RequestSpan | undefined,
): Promise<{ answer: ChatResponse; result: EmbedResponse }> {
  const view: ChatRequest = {
    messages: inputs.map((text) => ({ role: 'user', content: text })),
    model: request.model,
    tenant: request.tenant,
    metadata: request.metadata,
    cache: request.cache,
    signal: request.signal,
    timeoutMs: request.timeoutMs,
  };
  const cache = ctx.cache;
  const decided = cache?.decide(view);
  // The chat key of the view, kept apart from any chat request's key and tied to the size asked.
  const decision: CacheDecision | undefined =
    decided === undefined
      ? undefined
      : { ...decided, key: sha256(`embed|${request.dimensions ?? '~'}|${decided.key}`) };
  const startedAt = ctx.config.clock.now();
  if (cache !== undefined && decision?.mode === 'read') {
    const found = cache.read(decision.key);
    const entry = cache.count(
      isPromise(found)
        ? await waitForStore(ctx, found, undefined, 'cache', limitsOf(ctx, view, startedAt))
        : found,
    );
    const vectors = entry === undefined ? undefined : vectorsOf(entry.text, inputs.length);
    if (entry !== undefined && vectors !== undefined) {
      const answer = answerFromEntry(ctx, entry, startedAt);
      accountCachedAnswer(ctx, answer, view, false);
      return { answer, result: toEmbedResponse(answer, vectors) };
    }
  }
  const state = ctx.begin(view, false, request.signal);
  state.span = span;
  state.cache =
    cache === undefined
      ? 'off'
      : decision === undefined
        ? 'bypass'
        : decision.mode === 'refresh'
          ? 'refresh'
          : 'miss';
  state.decision = decision;
  try {
    const chosen = choose(ctx, state);
    withEmbeddings(state, isPromise(chosen) ? await chosen : chosen);
    const result = await attemptLoop(ctx, state, embedAttempt(inputs, request.dimensions));
    const response = answered(ctx, state, asProviderResponse(state, result));
    if (decision !== undefined)
      cache?.write(decision, { ...response, text: JSON.stringify(result.embeddings) });
    accountSuccess(ctx, state, response);
    return { answer: response, result: toEmbedResponse(response, result.embeddings) };
  } catch (error) {
    const failure = finalError(error, state);
    if (decision !== undefined) cache?.reject();
    accountFailure(ctx, state, failure);
    throw failure;
  } finally {
    ctx.end(state);
  }
}

/** Keeps the candidates whose provider has `embed`; the others are skipped attempts. */
function withEmbeddings(state: RequestState, plan: RoutePlan): void {
  const able: Candidate[] = [];
  const without: string[] = [];
  for (const candidate of plan.candidates) {
    if (typeof candidate.provider.embed === 'function') {
      able.push(candidate);
      continue;
    }
    without.push(candidate.ref);
    state.attempts.push({
      provider: candidate.providerId,
      model: candidate.model,
      outcome: 'skipped',
      retry: 0,
      latencyMs: 0,
      skipReason: 'no-embeddings',
    });
  }
  if (without.length > 0)
    state.steps.push({
      policy: 'filter',
      verdict: 'filter',
      note: `no embeddings: ${without.join(', ')}`,
    });
  state.plan = able.length === plan.candidates.length ? plan : { ...plan, candidates: able };
  // None left because none has embeddings; an empty plan goes on to the usual no-provider error.
  if (able.length === 0 && without.length > 0) {
    throw new InvalidRequestError(
      `No embeddings: ${without.join(', ')} ${without.length === 1 ? 'has' : 'have'} none. Embeddings come from the OpenAI and Google adapters; name one of their embedding models.`,
      { code: 'no_embeddings' },
    );
  }
}

/** A try of `state.candidate`'s `embed`, through its breaker, under the attempt's time limit. */
function embedAttempt(
  input: readonly string[],
  dimensions: number | undefined,
): AttemptKind<ProviderEmbedResponse> {
  const call = (ctx: RouterContext, state: RequestState, candidate: Candidate) => {
    const options = state.options as AttemptOptions;
    let pending: Promise<ProviderEmbedResponse>;
    try {
      const provider = candidate.provider;
      pending = (provider.embed as NonNullable<typeof provider.embed>).call(
        provider,
        { model: candidate.model, input, dimensions },
        options,
      );
    } catch (error) {
      pending = Promise.reject(error);
    }
    const limit = ctx.config.attemptTimeoutMs;
    return guard(pending, state, options, limit, 'attempt', ctx.deadlines, candidate);
  };
  return {
    start(ctx, state) {
      const candidate = state.candidate as Candidate;
      const breaker = candidate.breaker;
      if (breaker === undefined) return call(ctx, state, candidate);
      return breaker.tryRun(() => call(ctx, state, candidate));
    },
    accept(_ctx, state, result) {
      if (result.embeddings.length === input.length) return;
      const candidate = state.candidate as Candidate;
      throw new InvalidResponseError(
        `${candidate.ref} returned ${result.embeddings.length} vectors for ${input.length} inputs.`,
        { provider: candidate.providerId, model: candidate.model, code: 'embedding_count' },
      );
    },
    release() {},
  };
}

/** The provider's answer in the shape the response and accounting steps take. */
function asProviderResponse(state: RequestState, result: ProviderEmbedResponse): ProviderResponse {
  return {
    text: '',
    toolCalls: [],
    finishReason: 'stop',
    usage: {
      inputTokens: result.usage.inputTokens,
      outputTokens: 0,
      totalTokens: result.usage.inputTokens,
    },
    model: (state.candidate as Candidate).model,
  };
}

function toEmbedResponse(
  answer: ChatResponse,
  embeddings: readonly (readonly number[])[],
): EmbedResponse {
  return {
    embeddings,
    usage: { inputTokens: answer.usage.inputTokens },
    costUsd: answer.costUsd,
    provider: answer.provider,
    model: answer.model,
    cached: answer.cached,
    latencyMs: answer.latencyMs,
    route: answer.route,
  };
}

/** The vectors a cache entry holds; `undefined` (a miss) for text that is not one per input. */
function vectorsOf(text: string, count: number): number[][] | undefined {
  try {
    const vectors: unknown = JSON.parse(text);
    return Array.isArray(vectors) && vectors.length === count ? (vectors as number[][]) : undefined;
  } catch {
    return undefined;
  }
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('base64url');

/** Checks an embeddings request; returns its inputs as a list. */
function validateEmbedRequest(request: EmbedRequest): readonly string[] {
  const problems: string[] = [];
  if (typeof request !== 'object' || request === null) {
    throw new InvalidRequestError(
      'Invalid embeddings request: expected an object with input and model.',
      {
        code: 'invalid_request',
      },
    );
  }
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  if (!Array.isArray(inputs) || inputs.length === 0)
    problems.push('input: expected a non-empty string or a non-empty array of strings');
  else if (inputs.some((text) => typeof text !== 'string' || text === ''))
    problems.push('input: every entry must be a non-empty string');
  const models = typeof request.model === 'string' ? [request.model] : request.model;
  if (
    !Array.isArray(models) ||
    models.length === 0 ||
    models.some((m) => typeof m !== 'string' || m === '')
  )
    problems.push('model: expected an embedding model reference, an alias, or a list of them');
  const { dimensions, timeoutMs } = request;
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && dimensions > 0))
    problems.push('dimensions: expected a positive integer');
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0))
    problems.push('timeoutMs: expected a positive integer');
  if (request.signal !== undefined && !(request.signal instanceof AbortSignal))
    problems.push('signal: expected an AbortSignal');
  if (problems.length > 0)
    throw new InvalidRequestError(`Invalid embeddings request: ${problems.join('; ')}.`, {
      code: 'invalid_request',
    });
  return inputs as readonly string[];
}
