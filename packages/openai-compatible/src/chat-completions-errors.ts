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
export type ChatCompletionsErrorContext = SdkErrorContext;

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
  const settled =
    errorBeforeMapping(error, context) ?? stainlessTransportError(className(error), error, context);
  if (settled !== undefined) return settled;
  const { provider, model } = context;
  const detail = error instanceof Error ? error.message : String(error);
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
  return unexpectedSdkError(error, detail, context);
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
