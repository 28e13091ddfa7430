import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { RouteAttempt, RouteStep, RouteTrace } from '../provider/route-trace.js';
import type { RequestSpan } from '../telemetry/telemetry.js';

/**
 * Mutable bookkeeping for one request. One object per request, with a fixed shape, so the hot
 * path allocates little and V8 keeps it monomorphic.
 */
export class RequestState {
  readonly attempts: RouteAttempt[] = [];
  readonly errors: SwitchyardError[] = [];
  steps: RouteStep[] = [];
  /** How the cache took part in this request. */
  cache: RouteTrace['cache'] = 'off';
  /** The request's span, when telemetry is on. */
  span: RequestSpan | undefined = undefined;
  /** `provider:model` of the candidate that answered. */
  answeredRef: string | undefined = undefined;
  /** The error that cancelled the request (caller abort, router closed), once cancelled. */
  cancelled: SwitchyardError | undefined = undefined;
  /** The listener on the caller's signal, removed when the request ends. */
  onAbort: (() => void) | undefined = undefined;
  private onCancel: ((error: SwitchyardError) => void) | undefined = undefined;

  constructor(
    /** When the request started, on the router's clock. */
    readonly startedAt: number,
    /** Absolute deadline for the whole request, or `undefined` for none. */
    readonly deadline: number | undefined,
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
