/** One tracked call: its signal, and the hand-back when it settles. */
export interface InFlightCall {
  /** Aborted when the caller's signal aborts or the adapter is closed. Pass it to the SDK. */
  readonly signal: AbortSignal;
  /** Stops tracking the call. Call it once the call has settled (in a `finally`). */
  end(): void;
}

/**
 * The calls an adapter has in flight, so that its `close()` can abort them and leave no socket
 * open. Each call gets its own signal, linked to the caller's.
 */
export class InFlightCalls {
  private readonly controllers = new Set<AbortController>();

  /** Calls in flight now. */
  get size(): number {
    return this.controllers.size;
  }

  /** Starts tracking a call made on behalf of `signal`. */
  begin(signal: AbortSignal | undefined): InFlightCall {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) controller.abort(signal.reason);
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.controllers.add(controller);
    return {
      signal: controller.signal,
      end: () => {
        signal?.removeEventListener('abort', onAbort);
        this.controllers.delete(controller);
      },
    };
  }

  /** Aborts every call in flight with `reason`. */
  abortAll(reason: unknown): void {
    for (const controller of this.controllers) controller.abort(reason);
    this.controllers.clear();
  }
}
