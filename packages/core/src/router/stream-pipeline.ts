import type { CacheDecision } from '../cache/response-cache.js';
import { isPromise } from '../classify/classifier-runner.js';
import { AbortError } from '../errors/abort-error.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { ProviderStreamPart } from '../provider/provider.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { ToolCall } from '../provider/tool.js';
import type { RequestSpan } from '../telemetry/telemetry.js';
import { accountCachedAnswer, accountFailure, accountSuccess } from './account.js';
import { closeQuietly, streamAttempt, truncated } from './attempt-kinds.js';
import { attemptLoop } from './attempt-loop.js';
import { recordAttempt, recordFailure } from './attempt-record.js';
import { endAttemptSpan } from './attempt-telemetry.js';
import { buildResponse, finalError, traceOf } from './build-response.js';
import { choose } from './choose.js';
import { answerFromEntry, replayEvents } from './coalescing.js';
import { guard } from './guard.js';
import { normalizeError } from './normalize-error.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';
import { limitsOf, waitForStore } from './store-wait.js';
import { validateChatRequest } from './validate-request.js';

/**
 * `router.stream`: validate → cached answer (replayed) → choose → attempt loop up to the first
 * part → relay → build the response → account → telemetry, in one generator between the
 * provider's stream and the caller.
 *
 * Every provider part is progress: it resets the idle limit, and the first one, of any type,
 * commits the stream to its candidate. Parts other than `text-delta`, `tool-call` and `finish`
 * are passed on as they are, so a new part type needs no change here. The provider's stream is
 * closed however this one ends: at its finish, on a failure, or when the consumer stops reading.
 */
export async function* streamPipeline(
  ctx: RouterContext,
  request: ChatRequest,
): AsyncGenerator<StreamEvent, void, undefined> {
  const telemetry = ctx.telemetry;
  const span: RequestSpan | undefined = telemetry?.startRequest(request, true);
  let outcome: ChatResponse | SwitchyardError | undefined;
  let state: RequestState | undefined;
  try {
    ctx.assertOpen();
    validateChatRequest(request);
    const cache = ctx.cache;
    const decision = cache?.decide(request);
    if (cache !== undefined && decision?.mode === 'read') {
      const startedAt = ctx.config.clock.now();
      const found = cache.read(decision.key);
      const entry = cache.count(
        isPromise(found)
          ? await waitForStore(ctx, found, undefined, 'cache', limitsOf(ctx, request, startedAt))
          : found,
      );
      if (entry !== undefined) {
        const answer = answerFromEntry(ctx, entry, startedAt);
        for (const event of replayEvents(answer)) {
          // Accounted when the finish is read, as a live stream is: an abandoned replay counts nothing.
          if (event.type === 'finish') {
            accountCachedAnswer(ctx, answer, request, true);
            outcome = answer;
          }
          yield event;
        }
        return;
      }
    }
    state = ctx.begin(request, true, request.signal);
    state.cache =
      cache === undefined
        ? 'off'
        : decision === undefined
          ? 'bypass'
          : decision.mode === 'refresh'
            ? 'refresh'
            : 'miss';
    state.decision = decision;
    state.span = span;
    const choice = choose(ctx, state);
    const plan = isPromise(choice) ? await choice : choice;
    let part = (await attemptLoop(ctx, state, streamAttempt)).value as ProviderStreamPart;
    const chosen = state.candidate as Candidate;
    yield {
      type: 'start',
      provider: chosen.providerId,
      model: chosen.model,
      route: traceOf(plan, state, undefined),
      cached: false,
    };
    let text = '';
    let reasoning = '';
    const toolCalls: ToolCall[] = [];
    for (;;) {
      if (part.type === 'text-delta') {
        if (part.text !== '') {
          text += part.text;
          yield part;
        }
      } else if (part.type === 'reasoning-delta') {
        // Reasoning stays off the text channel (and out of the cache); it is still progress.
        if (part.text !== '') {
          reasoning += part.text;
          yield part;
        }
      } else if (part.type === 'tool-call') {
        toolCalls.push(part.toolCall);
        yield part;
      } else if (part.type === 'finish') {
        const response = finishStream(ctx, state, part, text, reasoning, toolCalls);
        outcome = response;
        yield { type: 'finish', response };
        return;
      } else {
        yield part as unknown as StreamEvent;
      }
      part = await nextPart(ctx, state);
    }
  } catch (error) {
    if (state === undefined) {
      // Refused before it began (closed router, invalid request): nothing was routed to count.
      outcome = SwitchyardError.isInstance(error) ? error : normalizeError(error, undefined);
      throw error;
    }
    const failure = finalError(error, state);
    if (state.decision !== undefined) ctx.cache?.reject();
    accountFailure(ctx, state, failure);
    outcome = failure;
    throw failure;
  } finally {
    if (state !== undefined) {
      if (!state.finished) abandon(ctx, state);
      ctx.end(state);
    }
    if (span !== undefined)
      telemetry?.endRequest(
        span,
        outcome ?? new AbortError('The stream was closed by its consumer.'),
      );
  }
}

/** The committed stream's next part; a failure or a truncation ends the stream with its error. */
async function nextPart(ctx: RouterContext, state: RequestState): Promise<ProviderStreamPart> {
  const chosen = state.candidate as Candidate;
  let result: IteratorResult<ProviderStreamPart>;
  try {
    result = await guard(
      (state.iterator as AsyncIterator<ProviderStreamPart>).next(),
      state,
      state.options as NonNullable<RequestState['options']>,
      ctx.config.streamIdleTimeoutMs,
      'idle',
      ctx.deadlines,
      chosen,
    );
  } catch (error) {
    throw broken(ctx, state, normalizeError(error, chosen));
  }
  if (result.done) throw broken(ctx, state, truncated(chosen, 'before its finish event'));
  return result.value;
}

/** Records a committed stream's failure: the attempt, the breaker, the span. */
function broken(
  ctx: RouterContext,
  state: RequestState,
  failure: SwitchyardError,
): SwitchyardError {
  recordFailure(ctx, state, failure);
  state.settleBreaker?.(failure);
  state.settleBreaker = undefined;
  endAttemptSpan(ctx.telemetry, state, failure);
  return failure;
}

/** The provider's finish: closes its stream, then records, builds, caches and accounts the answer. */
function finishStream(
  ctx: RouterContext,
  state: RequestState,
  part: Extract<ProviderStreamPart, { type: 'finish' }>,
  text: string,
  reasoning: string,
  toolCalls: ToolCall[],
): ChatResponse {
  const chosen = state.candidate as Candidate;
  state.finished = true;
  // The provider may still be suspended after its finish part: close it now, so its `finally`
  // blocks run (and its bookkeeping is freed) even if the consumer never reads past `finish`.
  closeQuietly(state.iterator);
  state.iterator = undefined;
  const now = ctx.config.clock.now();
  recordAttempt(ctx, state, {
    provider: chosen.providerId,
    model: chosen.model,
    outcome: 'success',
    retry: state.retry,
    latencyMs: now - state.attemptStartedAt,
    timeToFirstTokenMs: state.timeToFirstTokenMs,
  });
  state.settleBreaker?.();
  state.settleBreaker = undefined;
  const result = {
    text,
    toolCalls,
    ...(reasoning !== '' && { reasoning }),
    continuation: part.continuation,
    providerMetadata: part.providerMetadata,
    finishReason: part.finishReason,
    rawFinishReason: part.rawFinishReason,
    usage: part.usage,
    model: part.model,
    id: part.id,
  };
  endAttemptSpan(ctx.telemetry, state, result);
  const response = buildResponse(ctx, state, result, chosen, now);
  const decision: CacheDecision | undefined = state.decision;
  if (decision !== undefined) ctx.cache?.write(decision, response);
  accountSuccess(ctx, state, response);
  return response;
}

/** A stream that ended without its finish (a failure, or a consumer that stopped reading). */
function abandon(ctx: RouterContext, state: RequestState): void {
  const reason = state.cancelled ?? new AbortError('The stream was closed by its consumer.');
  state.options?.abort(reason);
  closeQuietly(state.iterator);
  state.iterator = undefined;
  // A consumer that stops reading says nothing about the vendor: a neutral outcome.
  state.settleBreaker?.(reason);
  state.settleBreaker = undefined;
  endAttemptSpan(ctx.telemetry, state, reason);
}
