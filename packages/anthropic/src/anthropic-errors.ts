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
export interface AnthropicErrorContext {
  /** The provider id (`anthropic`). */
  readonly provider: string;
  readonly model?: string | undefined;
  /** The call's signal: once it is aborted, whatever the SDK threw is an abort. */
  readonly signal?: AbortSignal | undefined;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A host may pass a client from another copy of the SDK, so classes are recognised by name and
// shape, not `instanceof`. (1.x names its errors; 0.x leaves `name` as 'Error', but keeps the
// constructor's name.)
function className(error: unknown): string | undefined {
  if (!isObject(error) && !(error instanceof Error)) return undefined;
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string' && name !== 'Error') return name;
  return (error as { constructor?: { name?: unknown } }).constructor?.name?.toString();
}

/**
 * Maps whatever `@anthropic-ai/sdk` threw to the Switchyard taxonomy: HTTP errors by status
 * through `errorFromHttp` (529 `overloaded_error` is a `ServerError`; 413 `request_too_large` and
 * "prompt is too long" are `ContextLengthError`), with the body's `error.type` as the code,
 * `retry-after-ms` / `retry-after` and `request-id` from the headers; an `event: error` frame in
 * a stream to `ServerError` (`RateLimitError` for `rate_limit_error`); aborts to `AbortError`; the
 * SDK's timeout to `TimeoutError`; connection failures and broken streams to `ConnectionError`;
 * unparsable JSON to `InvalidResponseError`. Switchyard errors pass through unchanged.
 */
export function mapAnthropicError(error: unknown, context: AnthropicErrorContext): SwitchyardError {
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
    // The SDK keeps the whole body: { type: 'error', error: { type, message }, request_id }.
    const body = isObject(error.error) ? error.error : {};
    const inner = isObject(body.error) ? body.error : body;
    const message =
      typeof inner.message === 'string' ? inner.message : detail.replace(/^\d{3} /, '');
    const code = typeof inner.type === 'string' ? inner.type : undefined;
    const headers = (error as { headers?: HeaderSource }).headers;
    const requestId =
      readHeader(headers, 'request-id') ??
      (typeof body.request_id === 'string' ? body.request_id : undefined);
    if (status === undefined) {
      return errorFromStreamFrame({ provider, model, message, code, requestId, cause: error });
    }
    return errorFromHttp({
      provider,
      model,
      status,
      message,
      code,
      headers,
      requestId,
      cause: error,
    });
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
