import type { CacheDecision } from '../cache/response-cache.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { RoutePlan } from '../policy/planner.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ProviderStreamPart } from '../provider/provider.js';
import type { RouteAttempt, RouteStep, RouteTrace } from '../provider/route-trace.js';
import type { RequestSpan, SpanLike } from '../telemetry/telemetry.js';
import type { AttemptOptions } from './attempt-options.js';

/**
 * Mutable bookkeeping for one request, passed from step to step. One object per request, with a
 * fixed shape, so the hot path allocates little and V8 keeps it monomorphic.
 */
export class RequestState {
  readonly attempts: RouteAttempt[] = [];
  readonly errors: SwitchyardError[] = [];
  steps: RouteStep[] = [];
  /** How the cache took part in this request. */
  cache: RouteTrace['cache'] = 'off';
  /** What the cache decided (the key to write the answer under), when it takes part. */
  decision: CacheDecision | undefined = undefined;
  /** The candidates, once chosen. */
  plan: RoutePlan | undefined = undefined;
  /** The request's span, when telemetry is on. */
  span: RequestSpan | undefined = undefined;
  /** `provider:model` of the candidate that answered. */
  answeredRef: string | undefined = undefined;
  /** The error that cancelled the request (caller abort, router closed), once cancelled. */
  cancelled: SwitchyardError | undefined = undefined;
  /** The caller's signal, while the router listens to it for this request. */
  signal: AbortSignal | undefined = undefined;

  // The attempt in progress (or, once the loop returns, the one that answered or committed).
  candidate: Candidate | undefined = undefined;
  retry = 0;
  attemptStartedAt = 0;
  options: AttemptOptions | undefined = undefined;
  attemptSpan: SpanLike | undefined = undefined;
  /** Time to the first stream part of the committed stream attempt, in ms. */
  timeToFirstTokenMs: number | undefined = undefined;
  /** The provider's stream (stream requests). */
  iterator: AsyncIterator<ProviderStreamPart> | undefined = undefined;
  /** Ends the breaker's view of a stream: a stream counts as one call that lasts until it ends. */
  settleBreaker: ((error?: unknown) => void) | undefined = undefined;
  /** Set once the request has its answer (a stream: its finish), so the final clean-up is quiet. */
  finished = false;

  private onCancel: ((error: SwitchyardError) => void) | undefined = undefined;

  constructor(
    readonly request: ChatRequest,
    /** When the request started, on the router's clock. */
    readonly startedAt: number,
    /** Absolute deadline for the whole request, or `undefined` for none. */
    readonly deadline: number | undefined,
    readonly streamed: boolean,
  ) {}

  /** Installs the handler of the wait in progress (an attempt or a backoff sleep). */
  setCancelHandler(handler: ((error: SwitchyardError) => void) | undefined): void {
    this.onCancel = handler;
  }

  /** Cancels the request: the wait in progress rejects with `error` at once. */
  cancel(error: SwitchyardError): void {
    if (this.cancelled !== undefined) return;
    this.cancelled = error;
    const handler = this.onCancel;
    this.onCancel = undefined;
    handler?.(error);
  }
}
