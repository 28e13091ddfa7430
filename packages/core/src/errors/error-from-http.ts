import {
  AuthError,
  ConnectionError,
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from './provider-errors.js';
import { type HeaderSource, parseRetryAfter, readHeader } from './retry-after.js';
import type { SwitchyardError } from './switchyard-error.js';

/** What an adapter knows about a failed vendor call. */
export interface HttpErrorDetails {
  /** The provider id (`openai`). */
  readonly provider: string;
  /** The HTTP status; `undefined` when no response arrived (a connection failure). */
  readonly status: number | undefined;
  /** The vendor's error message. */
  readonly message: string;
  /** The vendor's error code or type (`context_length_exceeded`, `overloaded_error`). */
  readonly code?: string | undefined;
  readonly model?: string | undefined;
  /** Response headers, for `retry-after` and the request id. */
  readonly headers?: HeaderSource;
  /** A wait the vendor asked for some other way (Gemini's `RetryInfo`); wins over headers. */
  readonly retryAfterMs?: number | undefined;
  readonly requestId?: string | undefined;
  readonly cause?: unknown;
}

// Vendors signal an oversized prompt with a 400 (OpenAI, Groq, Gemini), a 413 (Anthropic
// request_too_large) or in the message text; these are the phrasings they use.
const CONTEXT_LENGTH =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input (?:token count|is too long)|request[_ ]too[_ ]large|exceeds the (?:maximum|context)|reduce the length/i;
const CONTENT_FILTER =
  /content[_ ]filter|content[_ ]policy|safety (?:system|settings)|responsible ai|blocked (?:by|due to)|prohibited content|harm[_ ]category/i;

/**
 * Maps a vendor's HTTP failure to the Switchyard taxonomy, the same way for every adapter:
 * 429 → `RateLimitError`; 408, 504 → `TimeoutError`; 409, 5xx, 529 → `ServerError`;
 * 401, 403 → `AuthError`; an oversized prompt → `ContextLengthError`; a safety refusal →
 * `ContentFilterError`; other 4xx → `InvalidRequestError`; no status → `ConnectionError`.
 */
export function errorFromHttp(details: HttpErrorDetails): SwitchyardError {
  const { status, provider } = details;
  const options = {
    provider,
    model: details.model,
    status,
    code: details.code,
    cause: details.cause,
    requestId:
      details.requestId ??
      readHeader(details.headers, 'x-request-id') ??
      readHeader(details.headers, 'request-id'),
    retryAfterMs: details.retryAfterMs ?? parseRetryAfter(details.headers),
  };
  const message = `${provider}${status === undefined ? '' : ` ${status}`}: ${details.message || 'request failed'}`;
  const haystack = `${details.code ?? ''} ${details.message}`;

  if (status === undefined) return new ConnectionError(message, options);
  if (status === 429) return new RateLimitError(message, options);
  if (status === 408 || status === 504)
    return new TimeoutError(message, { ...options, scope: 'vendor' });
  if (status === 409 || status >= 500) return new ServerError(message, options);
  if (status === 401 || status === 403) return new AuthError(message, options);
  if (status === 413 || CONTEXT_LENGTH.test(haystack))
    return new ContextLengthError(message, options);
  if (CONTENT_FILTER.test(haystack)) return new ContentFilterError(message, options);
  return new InvalidRequestError(message, options);
}

/** What an adapter knows about an error the vendor sent inside a stream that had started. */
export interface StreamErrorDetails {
  /** The provider id (`anthropic`). */
  readonly provider: string;
  /** The vendor's error message. */
  readonly message: string;
  /** The vendor's error code or type (`overloaded_error`, `RESOURCE_EXHAUSTED`). */
  readonly code?: string | undefined;
  /** Whether the vendor says it is a rate limit. Defaults to reading `code`. */
  readonly rateLimited?: boolean | undefined;
  readonly model?: string | undefined;
  readonly requestId?: string | undefined;
  /** A wait the vendor asked for in the frame (Gemini's `RetryInfo`). */
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
}

const RATE_LIMIT_CODE = /rate.?limit|resource.?exhausted|too.?many.?requests/i;

/**
 * The error for a stream the vendor broke off with an error of its own (an error frame after the
 * answer began): a `RateLimitError` for a rate limit (`rate_limit_error`, `RESOURCE_EXHAUSTED`,
 * or `rateLimited`), else a `ServerError`. Both retryable. One place decides this for every
 * adapter.
 */
export function errorFromStreamFrame(details: StreamErrorDetails): SwitchyardError {
  const options = {
    provider: details.provider,
    model: details.model,
    code: details.code,
    requestId: details.requestId,
    retryAfterMs: details.retryAfterMs,
    cause: details.cause,
  };
  const text = `${details.provider}: the stream failed: ${details.message || 'stream error'}`;
  const rateLimited = details.rateLimited ?? RATE_LIMIT_CODE.test(details.code ?? '');
  return rateLimited ? new RateLimitError(text, options) : new ServerError(text, options);
}

// A connection that breaks mid-body surfaces undici's own error (`TypeError: terminated`, cause
// `SocketError: other side closed`), which the Stainless SDKs pass through unwrapped.
const SOCKET_CODES = /^(?:UND_ERR_SOCKET|ECONNRESET|EPIPE|ECONNREFUSED|UND_ERR_CLOSED)$/;
const SOCKET_MESSAGES = /^(?:terminated|other side closed)$/;

/**
 * `true` for an error (or one in its `cause` chain, a few levels deep) that says the connection
 * broke: a reset, a refused connection, undici's `terminated`.
 */
export function isConnectionFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; depth < 4; depth++) {
    if (typeof current !== 'object' || current === null) return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && SOCKET_CODES.test(code)) return true;
    if (typeof message === 'string' && SOCKET_MESSAGES.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** `true` for errors that look like an aborted fetch or an SDK's user-abort error. */
export function isAbortLike(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}
