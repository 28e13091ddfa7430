import { type ErrorKind, redactSecrets, type StreamEvent, SwitchyardError } from '@switchyard/core';

/** The error a served stream ends with, as its `error` event carries it. No cause, no secrets. */
export interface ServedError {
  /** The error class name (`RateLimitError`, `NoProviderAvailableError`, `Error`). */
  readonly name: string;
  /** The Switchyard error kind; `unknown` for an error that is not a Switchyard error. */
  readonly kind: ErrorKind;
  readonly message: string;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  readonly provider?: string | undefined;
  readonly model?: string | undefined;
  readonly status?: number | undefined;
  readonly code?: string | undefined;
  readonly requestId?: string | undefined;
  /** How long to wait before trying again, in milliseconds, when the vendor said. */
  readonly retryAfterMs?: number | undefined;
}

/** The last event of a stream that failed: `event: error` on the wire. */
export interface ServedErrorEvent {
  readonly type: 'error';
  readonly error: ServedError;
}

/** An event as the SSE helpers send it: a router stream event, or the closing error event. */
export type ServedStreamEvent = StreamEvent | ServedErrorEvent;

/**
 * The served form of an error. Switchyard errors keep their typed fields (already redacted);
 * anything else becomes kind `unknown` with its message scrubbed of secrets.
 */
export function servedError(error: unknown): ServedError {
  if (SwitchyardError.isInstance(error)) {
    const json = error.toJSON() as unknown as ServedError;
    return { ...json, name: error.name, kind: error.kind, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { name: 'Error', kind: 'unknown', message: redactSecrets(message), retryable: false };
}

/**
 * One Server-Sent Events frame for an event: `event: <type>` and the whole event as JSON on one
 * `data:` line. Event types this package does not know (added by a newer core) are sent the same way.
 */
export function formatSSE(event: { readonly type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The frame that ends a failed stream. */
export function formatSSEError(error: unknown): string {
  const event: ServedErrorEvent = { type: 'error', error: servedError(error) };
  return formatSSE(event);
}

/** Headers of an SSE answer: no caching, no proxy buffering. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** Headers of a plain-text streamed answer. */
export const TEXT_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/plain; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
