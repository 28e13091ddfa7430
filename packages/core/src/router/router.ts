import type { RouterConfig } from '../config/router-config.js';
import {
  type NormalizedRouterConfig,
  validateRouterConfig,
} from '../config/validate-router-config.js';
import { AbortError, abortErrorFrom } from '../errors/abort-error.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import { ConnectionError, InvalidRequestError, TimeoutError } from '../errors/provider-errors.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type {
  ProviderRequest,
  ProviderResponse,
  ProviderStreamPart,
} from '../provider/provider.js';
import type { RouteTrace } from '../provider/route-trace.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { ToolCall } from '../provider/tool.js';
import { AttemptOptions } from './attempt-options.js';
import { backoffDelay } from './backoff.js';
import { type Candidate, CandidateRegistry } from './candidate.js';
import { guard, sleepGuarded, waitLimit } from './guard.js';
import { normalizeError } from './normalize-error.js';
import { planRoute, type RoutePlan } from './plan-route.js';
import { RequestState } from './request-state.js';
import { validateChatRequest } from './validate-request.js';

/**
 * A configured router. Send every model request through it: it chooses the candidate, retries,
 * falls back, and reports what it did in each response's `route`.
 */
export interface Router {
  /** Sends a request and resolves with the complete answer. */
  chat(request: ChatRequest): Promise<ChatResponse>;
  /**
   * Sends a request and streams the answer: `start`, then `text-delta` / `tool-call` events, then
   * `finish`. Failures before the first event fall back to the next candidate; after it, the
   * iterator throws a typed error. Breaking out of the loop aborts the provider call.
   */
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
  /**
   * Aborts requests in flight (they reject with an `AbortError`), releases timers, and closes
   * the providers. Further requests are refused. The process can exit once it resolves.
   */
  close(): Promise<void>;
}

/**
 * Creates a router. The configuration is validated first: a bad one throws a `ConfigError`
 * that lists every bad path, before any request is made.
 *
 * @example
 * const router = createRouter({
 *   providers: [openai, anthropic],
 *   models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest'] },
 * });
 * const answer = await router.chat({ messages: [{ role: 'user', content: 'Hi!' }] });
 */
export function createRouter(config: RouterConfig): Router {
  return new SwitchyardRouter(validateRouterConfig(config));
}

class SwitchyardRouter implements Router {
  private readonly candidates: CandidateRegistry;
  private readonly inFlight = new Set<RequestState>();
  private closed = false;

  constructor(private readonly config: NormalizedRouterConfig) {
    this.candidates = new CandidateRegistry(config);
    for (const alias of config.aliases.values()) {
      for (const c of alias.candidates) this.candidates.get(c.ref);
    }
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    this.assertOpen();
    validateChatRequest(request);
    const state = this.begin(request);
    let plan: RoutePlan | undefined;
    try {
      plan = planRoute(request, state, this.config, this.candidates);
      return await this.executeChat(request, plan, state);
    } catch (error) {
      throw this.finalError(error, plan, state);
    } finally {
      this.end(state, request);
    }
  }

  stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    return this.executeStream(request);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing = new AbortError('The router was closed.');
    for (const state of this.inFlight) state.cancel(closing);
    this.inFlight.clear();
    const providers = [...this.config.providers.values()];
    await Promise.allSettled(providers.map((provider) => provider.close?.()));
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new InvalidRequestError('The router is closed; create a new one to send requests.', {
        code: 'router_closed',
      });
    }
  }

  private begin(request: ChatRequest): RequestState {
    const { clock } = this.config;
    const startedAt = clock.now();
    const timeoutMs = request.timeoutMs ?? this.config.timeoutMs;
    const state = new RequestState(
      startedAt,
      timeoutMs === undefined ? undefined : startedAt + timeoutMs,
    );
    const { signal } = request;
    if (signal !== undefined) {
      if (signal.aborted) throw abortErrorFrom(signal);
      state.onAbort = () => state.cancel(abortErrorFrom(signal));
      signal.addEventListener('abort', state.onAbort, { once: true });
    }
    this.inFlight.add(state);
    return state;
  }

  private end(state: RequestState, request: ChatRequest): void {
    this.inFlight.delete(state);
    if (state.onAbort !== undefined) request.signal?.removeEventListener('abort', state.onAbort);
  }

  private async executeChat(
    request: ChatRequest,
    plan: RoutePlan,
    state: RequestState,
  ): Promise<ChatResponse> {
    const { clock } = this.config;
    for (const candidate of plan.candidates) {
      const providerRequest = toProviderRequest(request, candidate);
      for (let retry = 0; ; retry++) {
        this.assertBeforeDeadline(state, candidate);
        const options = new AttemptOptions();
        const startedAt = clock.now();
        try {
          const result = await guard(
            callChat(candidate, providerRequest, options),
            state,
            options,
            waitLimit(state, clock, this.config.attemptTimeoutMs, 'attempt'),
            clock,
            candidate,
          );
          state.attempts.push({
            provider: candidate.providerId,
            model: candidate.model,
            outcome: 'success',
            retry,
            latencyMs: clock.now() - startedAt,
          });
          return this.buildResponse(result, candidate, plan, state);
        } catch (error) {
          const next = await this.handleFailure(error, candidate, retry, startedAt, state);
          if (next === 'next') break;
        }
      }
    }
    throw new NoProviderAvailableError(state.attempts, state.errors);
  }

  private async *executeStream(request: ChatRequest): AsyncGenerator<StreamEvent, void, undefined> {
    this.assertOpen();
    validateChatRequest(request);
    const { clock } = this.config;
    const state = this.begin(request);
    let plan: RoutePlan | undefined;
    let iterator: AsyncIterator<ProviderStreamPart> | undefined;
    let options: AttemptOptions | undefined;
    let finished = false;
    try {
      plan = planRoute(request, state, this.config, this.candidates);
      let chosen: Candidate | undefined;
      let first: ProviderStreamPart | undefined;
      let startedAt = 0;
      let retryOfChosen = 0;
      search: for (const candidate of plan.candidates) {
        const providerRequest = toProviderRequest(request, candidate);
        for (let retry = 0; ; retry++) {
          this.assertBeforeDeadline(state, candidate);
          options = new AttemptOptions();
          startedAt = clock.now();
          try {
            iterator = openStream(candidate, providerRequest, options);
            const result = await guard(
              iterator.next(),
              state,
              options,
              waitLimit(state, clock, this.config.attemptTimeoutMs, 'attempt'),
              clock,
              candidate,
            );
            if (result.done) throw truncated(candidate, 'before its first event');
            chosen = candidate;
            first = result.value;
            retryOfChosen = retry;
            break search;
          } catch (error) {
            closeQuietly(iterator);
            iterator = undefined;
            const next = await this.handleFailure(error, candidate, retry, startedAt, state);
            if (next === 'next') break;
          }
        }
      }
      if (
        chosen === undefined ||
        first === undefined ||
        iterator === undefined ||
        options === undefined
      ) {
        throw new NoProviderAvailableError(state.attempts, state.errors);
      }

      yield {
        type: 'start',
        provider: chosen.providerId,
        model: chosen.model,
        route: this.trace(plan, state, undefined),
        cached: false,
      };

      let text = '';
      const toolCalls: ToolCall[] = [];
      let part: ProviderStreamPart = first;
      for (;;) {
        if (part.type === 'text-delta') {
          if (part.text !== '') {
            text += part.text;
            yield part;
          }
        } else if (part.type === 'tool-call') {
          toolCalls.push(part.toolCall);
          yield part;
        } else {
          state.attempts.push({
            provider: chosen.providerId,
            model: chosen.model,
            outcome: 'success',
            retry: retryOfChosen,
            latencyMs: clock.now() - startedAt,
          });
          finished = true;
          const response = this.buildResponse(
            {
              text,
              toolCalls,
              finishReason: part.finishReason,
              rawFinishReason: part.rawFinishReason,
              usage: part.usage,
              model: part.model,
              id: part.id,
            },
            chosen,
            plan,
            state,
          );
          yield { type: 'finish', response };
          return;
        }
        let result: IteratorResult<ProviderStreamPart>;
        try {
          result = await guard(
            iterator.next(),
            state,
            options,
            waitLimit(state, clock, this.config.streamIdleTimeoutMs, 'idle'),
            clock,
            chosen,
          );
        } catch (error) {
          const failure = normalizeError(error, chosen);
          this.recordStreamFailure(failure, chosen, retryOfChosen, startedAt, state);
          throw failure;
        }
        if (result.done) {
          const failure = truncated(chosen, 'before its finish event');
          this.recordStreamFailure(failure, chosen, retryOfChosen, startedAt, state);
          throw failure;
        }
        part = result.value;
      }
    } catch (error) {
      throw this.finalError(error, plan, state);
    } finally {
      if (!finished) {
        options?.abort(state.cancelled ?? new AbortError('The stream was closed by its consumer.'));
        closeQuietly(iterator);
      }
      this.end(state, request);
    }
  }

  private recordStreamFailure(
    error: SwitchyardError,
    candidate: Candidate,
    retry: number,
    startedAt: number,
    state: RequestState,
  ): void {
    state.attempts.push({
      provider: candidate.providerId,
      model: candidate.model,
      outcome: 'error',
      retry,
      latencyMs: this.config.clock.now() - startedAt,
      errorKind: error.kind,
      errorMessage: error.message,
    });
    state.errors.push(error);
  }

  /**
   * Records a failed attempt and decides what follows: `'retry'` (after the backoff sleep),
   * `'next'` (the next candidate), or a throw that ends the request.
   */
  private async handleFailure(
    thrown: unknown,
    candidate: Candidate,
    retry: number,
    startedAt: number,
    state: RequestState,
  ): Promise<'retry' | 'next'> {
    const { clock, retry: retryOptions } = this.config;
    const error = normalizeError(thrown, candidate);
    state.attempts.push({
      provider: candidate.providerId,
      model: candidate.model,
      outcome: 'error',
      retry,
      latencyMs: clock.now() - startedAt,
      errorKind: error.kind,
      errorMessage: error.message,
    });
    state.errors.push(error);
    if (state.cancelled !== undefined) throw state.cancelled;
    if (AbortError.isInstance(error)) throw error;
    if (TimeoutError.isInstance(error) && error.scope === 'total') throw error;
    if (!this.config.fallbackOn(error)) throw error;
    if (error.retryable && retry < retryOptions.maxRetries) {
      const delay = backoffDelay(retry, error.retryAfterMs, retryOptions, this.config.random);
      if (
        delay !== undefined &&
        (state.deadline === undefined || clock.now() + delay < state.deadline)
      ) {
        await sleepGuarded(delay, state, clock);
        return 'retry';
      }
    }
    return 'next';
  }

  private assertBeforeDeadline(state: RequestState, candidate: Candidate): void {
    if (state.cancelled !== undefined) throw state.cancelled;
    if (state.deadline !== undefined && this.config.clock.now() >= state.deadline) {
      throw new TimeoutError(
        `The request timed out after ${state.deadline - state.startedAt} ms before ${candidate.ref} could be tried.`,
        { scope: 'total', timeoutMs: state.deadline - state.startedAt },
      );
    }
  }

  private buildResponse(
    result: ProviderResponse,
    candidate: Candidate,
    plan: RoutePlan,
    state: RequestState,
  ): ChatResponse {
    return {
      text: result.text,
      toolCalls: result.toolCalls,
      finishReason: result.finishReason,
      rawFinishReason: result.rawFinishReason,
      usage: result.usage,
      costUsd: undefined,
      provider: candidate.providerId,
      model: result.model ?? candidate.model,
      cached: false,
      latencyMs: this.config.clock.now() - state.startedAt,
      id: result.id,
      route: this.trace(plan, state, candidate),
    };
  }

  private trace(plan: RoutePlan, state: RequestState, answered: Candidate | undefined): RouteTrace {
    return {
      tier: plan.tier,
      candidates: plan.refs,
      attempts: state.attempts,
      steps: state.steps,
      reason: describeReason(plan, state, answered),
      cache: 'off',
    };
  }

  /** Attaches the trace to the error that ends a request and makes sure it is typed. */
  private finalError(
    thrown: unknown,
    plan: RoutePlan | undefined,
    state: RequestState,
  ): SwitchyardError {
    const error = SwitchyardError.isInstance(thrown) ? thrown : normalizeError(thrown, undefined);
    if (error.route === undefined) {
      error.route =
        plan === undefined
          ? { candidates: [], attempts: state.attempts, steps: state.steps, reason: error.message }
          : this.trace(plan, state, undefined);
    }
    return error;
  }
}

function callChat(
  candidate: Candidate,
  request: ProviderRequest,
  options: AttemptOptions,
): Promise<ProviderResponse> {
  try {
    return candidate.provider.chat(request, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

function openStream(
  candidate: Candidate,
  request: ProviderRequest,
  options: AttemptOptions,
): AsyncIterator<ProviderStreamPart> {
  return candidate.provider.stream(request, options)[Symbol.asyncIterator]();
}

function closeQuietly(iterator: AsyncIterator<unknown> | undefined): void {
  if (iterator?.return === undefined) return;
  try {
    // Not awaited: a provider stuck in its own await must not hold up the caller; the attempt's
    // signal has already been aborted, which is what makes it let go.
    iterator.return().catch(() => {});
  } catch {
    // A provider whose return() throws synchronously has nothing left to release.
  }
}

function truncated(candidate: Candidate, when: string): ConnectionError {
  return new ConnectionError(`${candidate.ref}: the stream ended ${when} (truncated).`, {
    provider: candidate.providerId,
    model: candidate.model,
    code: 'stream_truncated',
  });
}

function toProviderRequest(request: ChatRequest, candidate: Candidate): ProviderRequest {
  return {
    model: candidate.model,
    messages: request.messages,
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
