import { hasMarker, SwitchyardError, type SwitchyardErrorOptions } from './switchyard-error.js';

const rateLimitMarker: unique symbol = Symbol.for('switchyard.error.rate-limit');
const authMarker: unique symbol = Symbol.for('switchyard.error.auth');
const timeoutMarker: unique symbol = Symbol.for('switchyard.error.timeout');
const contextLengthMarker: unique symbol = Symbol.for('switchyard.error.context-length');
const contentFilterMarker: unique symbol = Symbol.for('switchyard.error.content-filter');
const serverMarker: unique symbol = Symbol.for('switchyard.error.server');
const connectionMarker: unique symbol = Symbol.for('switchyard.error.connection');
const invalidRequestMarker: unique symbol = Symbol.for('switchyard.error.invalid-request');
const invalidResponseMarker: unique symbol = Symbol.for('switchyard.error.invalid-response');

/** The vendor refused because of a rate or quota limit (HTTP 429). Retryable. */
export class RateLimitError extends SwitchyardError {
  readonly [rateLimitMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'rate-limit', true, options);
  }
  static override isInstance(error: unknown): error is RateLimitError {
    return hasMarker(error, rateLimitMarker);
  }
}

/** The credentials were rejected (HTTP 401, 403). Not retryable. */
export class AuthError extends SwitchyardError {
  readonly [authMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'auth', false, options);
  }
  static override isInstance(error: unknown): error is AuthError {
    return hasMarker(error, authMarker);
  }
}

/** Where a timeout was measured. */
export type TimeoutScope = 'attempt' | 'total' | 'idle' | 'vendor';

/**
 * A deadline passed: one attempt's (`attempt`), the whole request's (`total`), the gap between
 * two stream chunks (`idle`), or the vendor's own (`vendor`, HTTP 408/504). Retryable, though a
 * `total` timeout ends the request.
 */
export class TimeoutError extends SwitchyardError {
  readonly [timeoutMarker] = true;
  readonly scope: TimeoutScope;
  readonly timeoutMs: number | undefined;
  constructor(
    message: string,
    options: SwitchyardErrorOptions & { scope?: TimeoutScope; timeoutMs?: number | undefined } = {},
  ) {
    super(message, 'timeout', true, options);
    this.scope = options.scope ?? 'vendor';
    this.timeoutMs = options.timeoutMs;
  }
  static override isInstance(error: unknown): error is TimeoutError {
    return hasMarker(error, timeoutMarker);
  }
}

/** The prompt plus output does not fit the model's context window. Not retryable. */
export class ContextLengthError extends SwitchyardError {
  readonly [contextLengthMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'context-length', false, options);
  }
  static override isInstance(error: unknown): error is ContextLengthError {
    return hasMarker(error, contextLengthMarker);
  }
}

/** The vendor's safety system blocked the prompt or the output. Not retryable. */
export class ContentFilterError extends SwitchyardError {
  readonly [contentFilterMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'content-filter', false, options);
  }
  static override isInstance(error: unknown): error is ContentFilterError {
    return hasMarker(error, contentFilterMarker);
  }
}

/** The vendor failed (HTTP 5xx, 529 overloaded, 409 conflict, a mid-stream error frame). Retryable. */
export class ServerError extends SwitchyardError {
  readonly [serverMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'server', true, options);
  }
  static override isInstance(error: unknown): error is ServerError {
    return hasMarker(error, serverMarker);
  }
}

/** The connection failed or broke, including a stream that ended before it finished. Retryable. */
export class ConnectionError extends SwitchyardError {
  readonly [connectionMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'connection', true, options);
  }
  static override isInstance(error: unknown): error is ConnectionError {
    return hasMarker(error, connectionMarker);
  }
}

/**
 * The request is wrong (HTTP 400, 404, 422, an unknown model or alias, malformed messages).
 * Not retryable: the same request fails the same way.
 */
export class InvalidRequestError extends SwitchyardError {
  readonly [invalidRequestMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'invalid-request', false, options);
  }
  static override isInstance(error: unknown): error is InvalidRequestError {
    return hasMarker(error, invalidRequestMarker);
  }
}

/**
 * The vendor answered with something unusable: a body that is not JSON, a malformed stream frame,
 * tool arguments that do not parse. Retryable: another try or candidate may answer properly.
 */
export class InvalidResponseError extends SwitchyardError {
  readonly [invalidResponseMarker] = true;
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super(message, 'invalid-response', true, options);
  }
  static override isInstance(error: unknown): error is InvalidResponseError {
    return hasMarker(error, invalidResponseMarker);
  }
}
