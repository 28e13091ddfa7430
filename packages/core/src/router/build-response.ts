import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { RoutePlan } from '../policy/planner.js';
import { withoutForeignContinuations } from '../provider/assistant-message.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { ProviderRequest, ProviderResponse } from '../provider/provider.js';
import type { RouteTrace } from '../provider/route-trace.js';
import { DeprecationNotices } from '../usage/model-lifecycle.js';
import { costAt } from '../usage/price-table.js';
import { normalizeError } from './normalize-error.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';

/**
 * The request as one candidate receives it: its model, only its own provider options, and only
 * its own vendor's continuation state (signed thinking is for the vendor that wrote it: another
 * vendor's candidate gets the conversation without it, and the trace says so).
 */
export function toProviderRequest(
  request: ChatRequest,
  candidate: Candidate,
  state: RequestState,
): ProviderRequest {
  const vendor = candidate.provider.vendor ?? candidate.providerId;
  const { messages, dropped } = withoutForeignContinuations(request.messages, vendor);
  if (dropped.length > 0) {
    state.steps.push({
      policy: 'continuation',
      verdict: 'filter',
      note: `${candidate.ref}: dropped ${dropped.join(', ')} continuation state (another vendor's)`,
    });
  }
  return {
    model: candidate.model,
    messages,
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

/** The caller's answer from the provider's: usage, cost, latency and the route trace. */
export function buildResponse(
  ctx: RouterContext,
  state: RequestState,
  result: ProviderResponse,
  candidate: Candidate,
  now: number,
): ChatResponse {
  state.answeredRef = candidate.ref;
  return {
    text: result.text,
    toolCalls: result.toolCalls,
    ...(result.reasoning !== undefined && { reasoning: result.reasoning }),
    ...(result.continuation !== undefined && { continuation: result.continuation }),
    ...(result.providerMetadata !== undefined && { providerMetadata: result.providerMetadata }),
    finishReason: result.finishReason,
    rawFinishReason: result.rawFinishReason,
    usage: result.usage,
    costUsd: costOf(ctx, candidate, result, now),
    provider: candidate.providerId,
    model: result.model ?? candidate.model,
    cached: false,
    latencyMs: now - state.startedAt,
    id: result.id,
    route: traceOf(state.plan as RoutePlan, state, candidate),
  };
}

function costOf(
  ctx: RouterContext,
  candidate: Candidate,
  result: ProviderResponse,
  now: number,
): number | undefined {
  DeprecationNotices.of(ctx.extensions).check(
    candidate.ref,
    candidate.providerId,
    candidate.model,
    now,
    ctx,
  );
  // The price is looked up once per candidate; a model the table does not know may still be
  // found under the id the vendor reported.
  let price = candidate.price;
  if (price === undefined) {
    price = ctx.prices.price(candidate.providerId, candidate.model) ?? null;
    candidate.price = price;
  }
  const cost =
    price !== null
      ? costAt(price, result.usage)
      : result.model === undefined
        ? undefined
        : ctx.prices.cost(candidate.providerId, result.model, result.usage);
  if (cost === undefined && !ctx.unpriced.has(candidate.ref)) {
    ctx.unpriced.add(candidate.ref);
    ctx.warn(
      'unknown-price',
      `No price for ${candidate.ref}: its cost is reported as undefined. Add it with the router's \`prices\` option.`,
    );
  }
  return cost;
}

/** The decision trace: classification, candidates, attempts, policy steps, session and reason. */
export function traceOf(
  plan: RoutePlan,
  state: RequestState,
  answered: Candidate | undefined,
): RouteTrace {
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

/** Makes the error that ends a request typed and gives it the trace. */
export function finalError(thrown: unknown, state: RequestState): SwitchyardError {
  const error = SwitchyardError.isInstance(thrown) ? thrown : normalizeError(thrown, undefined);
  if (error.route === undefined) {
    const plan = state.plan;
    error.route =
      plan === undefined
        ? { candidates: [], attempts: state.attempts, steps: state.steps, reason: error.message }
        : traceOf(plan, state, undefined);
  }
  return error;
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
