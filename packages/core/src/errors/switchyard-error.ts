import type { RouteTrace } from '../provider/route-trace.js';
import type { ErrorKind } from './error-kind.js';
import { redactErrorInPlace, redactSecrets } from './redact-secrets.js';

export type { ErrorKind };

/** Facts an error may carry. All optional. */
export interface SwitchyardErrorOptions {
  /** The underlying error (an SDK error, a zod error). Kept, with secrets scrubbed. */
  readonly cause?: unknown;
  /** The provider id the error came from. */
  readonly provider?: string | undefined;
  /** The model the error came from. */
  readonly model?: string | undefined;
  /** The HTTP status, when the vendor answered with one. */
  readonly status?: number | undefined;
  /** The vendor's error code or type (`insufficient_quota`, `overloaded_error`). */
  readonly code?: string | undefined;
  /** The vendor's request id, for support tickets. */
  readonly requestId?: string | undefined;
  /** How long the vendor asked us to wait before retrying. */
  readonly retryAfterMs?: number | undefined;
}

const MARKER = Symbol.for('switchyard.error');

/** @internal Checks a marker property without trusting `instanceof` (copies of a package differ). */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[marker] === true
  );
}

/**
 * The base of every error Switchyard throws. Use `SwitchyardError.isInstance(err)` (or the
 * subclass's `isInstance`) rather than `instanceof`: it also recognises errors created by another
 * copy of the package. Messages never contain API keys or bearer tokens.
 */
export class SwitchyardError extends Error {
  readonly [MARKER] = true;
  /** What went wrong. */
  readonly kind: ErrorKind;
  /** Whether the same request may succeed if tried again (here or on another candidate). */
  readonly retryable: boolean;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** How long the vendor asked us to wait before retrying, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The router's decision trace, attached when the router gives up on a request. */
  route: RouteTrace | undefined;

  constructor(
    message: string,
    kind: ErrorKind,
    retryable: boolean,
    options: SwitchyardErrorOptions = {},
  ) {
    super(
      redactSecrets(message),
      options.cause === undefined ? undefined : { cause: redactErrorInPlace(options.cause) },
    );
    this.name = new.target.name;
    this.kind = kind;
    this.retryable = retryable;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
    this.route = undefined;
  }

  /** `true` for any Switchyard error, from any copy of the package. */
  static isInstance(error: unknown): error is SwitchyardError {
    return hasMarker(error, MARKER);
  }

  /** A plain object for logs: no cause chain, no secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      provider: this.provider,
      model: this.model,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
