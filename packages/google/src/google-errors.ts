import {
  AbortError,
  AuthError,
  ConnectionError,
  errorBeforeMapping,
  errorFromHttp,
  InvalidRequestError,
  InvalidResponseError,
  isAbortLike,
  parseDuration,
  type SdkErrorContext,
  type SwitchyardError,
  unexpectedSdkError,
} from '@switchyard/core';

/** Where an error happened: the provider id, the model and the call's signal. */
export type GoogleErrorContext = SdkErrorContext;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const detailsOf = (details: unknown): Json[] =>
  Array.isArray(details) ? details.filter(isObject) : [];

/** The wait a google.rpc `RetryInfo` detail asks for (`retryDelay: "7s"`), in milliseconds. */
export function retryDelayOf(details: unknown): number | undefined {
  const info = detailsOf(details).find((d) => String(d['@type']).endsWith('google.rpc.RetryInfo'));
  return parseDuration(info?.retryDelay);
}

/** The `reason` of a google.rpc `ErrorInfo` detail (`API_KEY_INVALID`). */
export const reasonOf = (details: unknown): string | undefined => {
  const info = detailsOf(details).find((d) => String(d['@type']).endsWith('google.rpc.ErrorInfo'));
  return typeof info?.reason === 'string' ? info.reason : undefined;
};

// The SDK's message is `[GoogleGenerativeAI Error]: Error fetching from <url>: [429 Too Many
// Requests] <the body's message> <the details as JSON>`: keep only the vendor's own words.
function vendorMessage(message: string): string {
  const match = /\[\d{3}[^\]]*\] ?(.*)$/s.exec(message);
  const text = match?.[1] ?? message;
  const details = text.indexOf(' [{');
  return (details === -1 ? text : text.slice(0, details)).trim();
}

/**
 * Maps whatever `@google/generative-ai` threw to the Switchyard taxonomy. Its HTTP error
 * (`GoogleGenerativeAIFetchError`) exposes no headers: the wait a rate limit asks for comes from
 * the body's `RetryInfo.retryDelay`, the code from its `ErrorInfo.reason`; statuses map through
 * `errorFromHttp`, except that Gemini's 400 `API_KEY_INVALID` is an `AuthError`. A failed fetch
 * and a stream that broke are `ConnectionError`s (one that ended inside a frame with code
 * `stream_truncated`), a frame that is not JSON an `InvalidResponseError`, an abort an
 * `AbortError`. Switchyard errors pass through unchanged.
 */
export function mapGoogleError(error: unknown, context: GoogleErrorContext): SwitchyardError {
  const settled = errorBeforeMapping(error, context);
  if (settled !== undefined) return settled;
  const { provider, model } = context;
  const options = { provider, model, cause: error };
  const name = (error as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  const detail =
    error instanceof Error
      ? error.message.replace(/^\[GoogleGenerativeAI Error\]: /, '')
      : String(error);
  if (name === 'GoogleGenerativeAIAbortError' || isAbortLike(error)) {
    return new AbortError(`${provider}: the call was aborted.`, options);
  }
  if (
    name === 'GoogleGenerativeAIFetchError' &&
    isObject(error) &&
    typeof error.status === 'number'
  ) {
    const status = error.status;
    const message = vendorMessage(detail);
    const code = reasonOf(error.errorDetails);
    if (code === 'API_KEY_INVALID') {
      return new AuthError(`${provider} ${status}: ${message}`, { ...options, status, code });
    }
    return errorFromHttp({
      provider,
      model,
      status,
      message,
      code,
      retryAfterMs: retryDelayOf(error.errorDetails),
      cause: error,
    });
  }
  if (name === 'GoogleGenerativeAIRequestInputError') {
    return new InvalidRequestError(`${provider}: ${detail}`, options);
  }
  if (name === 'GoogleGenerativeAIError' || name === 'GoogleGenerativeAIResponseError') {
    if (/^Error parsing JSON response/.test(detail)) {
      return new InvalidResponseError(`${provider}: a stream frame is not valid JSON.`, {
        ...options,
        code: 'invalid_json',
      });
    }
    if (/^Failed to parse stream/.test(detail)) {
      return new ConnectionError(`${provider}: the stream ended inside a frame (truncated).`, {
        ...options,
        code: 'stream_truncated',
      });
    }
    if (/^Error (?:fetching from|reading from the stream)/.test(detail)) {
      // The SDK keeps only the message of the fetch failure; the URL in it carries no key.
      const why = /: ([^:]*)$/.exec(detail)?.[1] ?? 'the connection broke';
      return new ConnectionError(`${provider}: the connection failed (${why}).`, options);
    }
  }
  return unexpectedSdkError(error, detail, context);
}
