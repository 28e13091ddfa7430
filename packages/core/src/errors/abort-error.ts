import { hasMarker, SwitchyardError, type SwitchyardErrorOptions } from './switchyard-error.js';

const abortMarker: unique symbol = Symbol.for('switchyard.error.abort');

/** The caller aborted the request through its `AbortSignal`. Not retryable. */
export class AbortError extends SwitchyardError {
  readonly [abortMarker] = true;
  constructor(message = 'The request was aborted.', options: SwitchyardErrorOptions = {}) {
    super(message, 'abort', false, options);
  }
  static override isInstance(error: unknown): error is AbortError {
    return hasMarker(error, abortMarker);
  }
}

/** The `AbortError` for an aborted signal, keeping the signal's reason as the cause. */
export function abortErrorFrom(signal: AbortSignal | undefined): AbortError {
  const reason: unknown = signal?.reason;
  if (AbortError.isInstance(reason)) return reason;
  const detail =
    reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new AbortError(`The request was aborted${detail}.`, { cause: reason });
}
