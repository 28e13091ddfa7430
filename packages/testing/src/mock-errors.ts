import {
  AuthError,
  ConnectionError,
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  SwitchyardError,
  TimeoutError,
} from '@switchyard/core';

/** The kinds of failure a mock provider can inject. */
export type MockFailureKind =
  | 'rate-limit'
  | 'auth'
  | 'timeout'
  | 'context-length'
  | 'content-filter'
  | 'server'
  | 'connection'
  | 'invalid-request'
  | 'invalid-response';

/**
 * A failure to inject: a kind with optional details, a bare HTTP status (mapped the way the
 * adapters map vendor statuses), or an error object thrown as it is.
 */
export type MockFailure =
  | MockFailureKind
  | {
      readonly kind?: MockFailureKind | undefined;
      /** HTTP status; when `kind` is absent it decides the kind (429 → rate-limit, 503 → server). */
      readonly status?: number | undefined;
      readonly message?: string | undefined;
      /** For rate limits (and 503s): how long the "vendor" asks to wait. */
      readonly retryAfterMs?: number | undefined;
      readonly code?: string | undefined;
    }
  | Error;

const DEFAULT_STATUS: Record<MockFailureKind, number | undefined> = {
  'rate-limit': 429,
  auth: 401,
  timeout: 408,
  'context-length': 400,
  'content-filter': 400,
  server: 500,
  connection: undefined,
  'invalid-request': 400,
  'invalid-response': 200,
};

function kindFromStatus(status: number): MockFailureKind {
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 409 || status >= 500) return 'server';
  if (status === 413) return 'context-length';
  return 'invalid-request';
}

/** Builds the error a mock provider throws for an injected failure. */
export function mockError(failure: MockFailure, provider: string, model: string): Error {
  if (failure instanceof Error) return failure;
  const spec = typeof failure === 'string' ? { kind: failure } : failure;
  const kind = spec.kind ?? (spec.status === undefined ? 'server' : kindFromStatus(spec.status));
  const status = spec.status ?? DEFAULT_STATUS[kind];
  const message = `${provider}${status === undefined ? '' : ` ${status}`}: ${spec.message ?? `injected ${kind} failure`}`;
  const options = { provider, model, status, code: spec.code, retryAfterMs: spec.retryAfterMs };
  switch (kind) {
    case 'rate-limit':
      return new RateLimitError(message, options);
    case 'auth':
      return new AuthError(message, options);
    case 'timeout':
      return new TimeoutError(message, { ...options, scope: 'vendor' });
    case 'context-length':
      return new ContextLengthError(message, options);
    case 'content-filter':
      return new ContentFilterError(message, options);
    case 'server':
      return new ServerError(message, options);
    case 'connection':
      return new ConnectionError(message, options);
    case 'invalid-request':
      return new InvalidRequestError(message, options);
    case 'invalid-response':
      return new InvalidResponseError(message, options);
    default:
      return new SwitchyardError(message, 'unknown', true, options);
  }
}
