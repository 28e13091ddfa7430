import {
  AbortError,
  abortErrorFrom,
  ConnectionError,
  errorFromHttp,
  errorFromStreamFrame,
  type HeaderSource,
  InvalidResponseError,
  isAbortLike,
  isConnectionFailure,
  readHeader,
  SwitchyardError,
  TimeoutError,
} from '@switchyard/core';

/** Where an error happened. */
export interface ChatCompletionsErrorContext {
  /** The provider id (`openai`). */
  readonly provider: string;
  readonly model?: string | undefined;
  /** The call's signal: once it is aborted, whatever the SDK threw is an abort. */
  readonly signal?: AbortSignal | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// The Stainless-generated SDKs (openai, groq-sdk) do not set `name` on their errors, and a host
// may hand us a client from another copy of the SDK than ours, so classes are recognised by
// constructor name and shape rather than by `instanceof`.
function className(error: unknown): string | undefined {
  return isObject(error) || error instanceof Error
    ? (error as { constructor?: { name?: unknown } }).constructor?.name?.toString()
    : undefined;
}

/**
 * Maps whatever an OpenAI-shaped SDK (`openai`, `groq-sdk`) threw to the Switchyard taxonomy:
 * HTTP errors by status through `errorFromHttp` (with `retry-after-ms` / `retry-after` and the
 * request id from the headers, the vendor's message and code from the body), aborts to
 * `AbortError`, the SDK's timeout to `TimeoutError`, connection failures to `ConnectionError`, a
 * mid-stream error frame to `ServerError` (`RateLimitError` for a rate limit), unparsable JSON to
 * `InvalidResponseError`. Switchyard errors pass through unchanged.
 */
export function mapChatCompletionsError(
  error: unknown,
  context: ChatCompletionsErrorContext,
): SwitchyardError {
  if (SwitchyardError.isInstance(error)) return error;
  const { provider, model } = context;
  const options = { provider, model, cause: error };
  if (context.signal?.aborted) {
    const aborted = abortErrorFrom(context.signal);
    return aborted.provider === undefined
      ? new AbortError(`${provider}: ${aborted.message}`, {
          ...options,
          cause: context.signal.reason,
        })
      : aborted;
  }
  const name = className(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'APIUserAbortError' || isAbortLike(error)) {
    return new AbortError(`${provider}: the call was aborted.`, options);
  }
  if (name === 'APIConnectionTimeoutError') {
    return new TimeoutError(`${provider}: the SDK timed out waiting for an answer.`, {
      ...options,
      scope: 'vendor',
    });
  }
  if (name === 'APIConnectionError') {
    const cause = (error as { cause?: unknown }).cause;
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    return new ConnectionError(`${provider}: the connection failed${why}.`, options);
  }
  if (isObject(error) && 'status' in error && 'error' in error) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    const body = error.error;
    // openai puts the body's inner `error` object here, groq-sdk the whole body.
    const inner = isObject(body) && isObject(body.error) ? body.error : isObject(body) ? body : {};
    const message =
      typeof inner.message === 'string'
        ? inner.message
        : inner.message !== undefined
          ? JSON.stringify(inner.message)
          : detail.replace(/^\d{3} /, '');
    const code = errorCode(inner);
    const headers = (error as { headers?: HeaderSource }).headers;
    if (status === undefined) {
      return streamFailure(message, code, {
        ...context,
        requestId: readHeader(headers, 'x-request-id'),
        cause: error,
      });
    }
    return errorFromHttp({ provider, model, status, message, code, headers, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new InvalidResponseError(`${provider}: the answer is not valid JSON (${detail}).`, {
      ...options,
      code: 'invalid_json',
    });
  }
  if (isConnectionFailure(error)) {
    return new ConnectionError(`${provider}: the connection broke (${detail}).`, options);
  }
  return new SwitchyardError(
    `${provider}: unexpected SDK error: ${detail}`,
    'unknown',
    true,
    options,
  );
}

/** A vendor error body's code: `code`, else `type` (`rate_limit_exceeded`, `server_error`). */
export function errorCode(body: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof body.code === 'string') return body.code;
  return typeof body.type === 'string' ? body.type : undefined;
}

/**
 * The error for a stream the vendor broke off with an error of its own (an error frame, Groq's
 * `x_groq.error`): a `RateLimitError` for a rate limit, else a `ServerError`. Both retryable.
 */
export function streamFailure(
  message: string,
  code: string | undefined,
  context: ChatCompletionsErrorContext & {
    readonly requestId?: string | undefined;
    readonly cause?: unknown;
  },
): SwitchyardError {
  return errorFromStreamFrame({
    provider: context.provider,
    model: context.model,
    message,
    code,
    requestId: context.requestId,
    cause: context.cause,
  });
}
