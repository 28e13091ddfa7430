import {
  AbortError,
  AuthError,
  ConnectionError,
  errorBeforeMapping,
  errorFromHttp,
  isAbortLike,
  type SwitchyardError,
  unexpectedSdkError,
} from '@switchyard/core';
import { type GoogleErrorContext, reasonOf, retryDelayOf } from './google-errors.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The google.rpc error body of an `ApiError`'s message (the SDK puts the body there as JSON). */
function bodyOf(message: string): Json | undefined {
  // HTTP errors: the body itself. Stream error frames: `got status: X. <the frame as JSON>`.
  const json = message.startsWith('got status: ') ? message.slice(message.indexOf('{')) : message;
  try {
    const parsed: unknown = JSON.parse(json);
    return isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The error frame of a stream, when `@google/genai` threw one: it raises an `ApiError` whose
 * message is `got status: <STATUS>. <the frame as JSON>` for a `{ error }` chunk that carries an
 * HTTP code. Returns the frame (`{ error: {...} }`) so that the adapter reads it as it reads
 * Gemini's other chunks; `undefined` for anything else.
 */
export function streamErrorFrame(error: unknown): Json | undefined {
  if (!isApiError(error) || !error.message.startsWith('got status: ')) return undefined;
  const body = bodyOf(error.message);
  return body === undefined ? undefined : { error: body };
}

function isApiError(error: unknown): error is Error & { status: number } {
  return (
    error instanceof Error &&
    (error.name === 'ApiError' || error.constructor?.name === 'ApiError') &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

/**
 * Maps whatever `@google/genai` threw to the Switchyard taxonomy. Its HTTP error (`ApiError`)
 * carries the status and the response body as JSON in its message, and no headers: the wait a
 * rate limit asks for comes from the body's `RetryInfo.retryDelay`, the code from its
 * `ErrorInfo.reason`; statuses map through `errorFromHttp`, except that Gemini's 400
 * `API_KEY_INVALID` is an `AuthError`. A failed fetch and a stream that broke are
 * `ConnectionError`s (one that ended inside a frame with code `stream_truncated`), a frame that is
 * not JSON an `InvalidResponseError`, an abort an `AbortError`. Switchyard errors pass through
 * unchanged.
 */
export function mapGoogleGenAIError(error: unknown, context: GoogleErrorContext): SwitchyardError {
  const settled = errorBeforeMapping(error, context);
  if (settled !== undefined) return settled;
  const { provider, model } = context;
  const options = { provider, model, cause: error };
  const detail = error instanceof Error ? error.message : String(error);
  if (isAbortLike(error)) return new AbortError(`${provider}: the call was aborted.`, options);
  if (isApiError(error)) {
    const status = error.status;
    const body = bodyOf(error.message);
    const message = typeof body?.message === 'string' ? body.message : detail;
    const code = reasonOf(body?.details);
    if (code === 'API_KEY_INVALID') {
      return new AuthError(`${provider} ${status}: ${message}`, { ...options, status, code });
    }
    return errorFromHttp({
      provider,
      model,
      status,
      message,
      code,
      retryAfterMs: retryDelayOf(body?.details),
      cause: error,
    });
  }
  if (detail === 'Incomplete JSON segment at the end') {
    return new ConnectionError(`${provider}: the stream ended inside a frame (truncated).`, {
      ...options,
      code: 'stream_truncated',
    });
  }
  if (error instanceof TypeError && detail === 'fetch failed') {
    // undici's message; the reason is in its cause (ECONNREFUSED, a reset). No URL, no key.
    const cause = (error as { cause?: unknown }).cause;
    const why = cause instanceof Error ? cause.message : 'the connection failed';
    return new ConnectionError(`${provider}: the connection failed (${why}).`, options);
  }
  return unexpectedSdkError(error, detail, context);
}
