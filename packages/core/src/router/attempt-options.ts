import type { ProviderCallOptions } from '../provider/provider.js';

/**
 * The options object a provider receives for one attempt. Its `AbortSignal` is created on first
 * read: allocating a signal costs more than the rest of the routing decision, and a provider that
 * answers without ever looking at it (an in-process model, a cache) should not pay for one.
 */
export class AttemptOptions implements ProviderCallOptions {
  private controller: AbortController | undefined = undefined;
  private reason: unknown = undefined;
  /** Whether the router has aborted this attempt. */
  aborted = false;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Aborts the attempt; the provider sees its signal fire (now, or on first read). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
