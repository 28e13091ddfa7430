import {
  errorBeforeMapping,
  errorFromHttp,
  errorFromStreamFrame,
  type HeaderSource,
  readHeader,
  type SdkErrorContext,
  type SwitchyardError,
  stainlessTransportError,
  unexpectedSdkError,
} from '@switchyard/core';

/** Where an error happened: the provider id, the model and the call's signal. */
export type AnthropicErrorContext = SdkErrorContext;

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
  const settled =
    errorBeforeMapping(error, context) ?? stainlessTransportError(className(error), error, context);
  if (settled !== undefined) return settled;
  const { provider, model } = context;
  const detail = error instanceof Error ? error.message : String(error);
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
  return unexpectedSdkError(error, detail, context);
}
