import type { SwitchyardError } from './switchyard-error.js';

/**
 * The `code` of an `InvalidRequestError` an adapter throws, before any call, when its vendor
 * cannot take a part of the request that another vendor may (a JSON schema with a node Gemini
 * rejects). The router's default `fallbackOn` moves on to the next candidate on it.
 */
export const UNSUPPORTED_SCHEMA = 'unsupported_schema';

/**
 * The `code` of the `AuthError` an adapter throws, before any call, when it has no API key at all
 * (none passed, none in its environment variables). The router's default `fallbackOn` moves on to
 * the next candidate on it: a vendor that was never given a key is not configured, unlike one whose
 * key the vendor rejected (decision 101).
 */
export const MISSING_API_KEY = 'missing_api_key';

/**
 * The router's default `fallbackOn`: whether an error lets the next candidate try. True for a
 * retryable error (the same candidate is retried first), and for three refusals that are final for
 * this candidate only, which move on at once with no retry: a context-length refusal (another
 * model may have a larger window), a request part the candidate's vendor cannot take
 * (`InvalidRequestError` with code `unsupported_schema`), and a vendor with no API key configured
 * (`AuthError` with code `missing_api_key`; the trace's attempt and the final error name it). Any
 * other error ends the request, a key the vendor rejected (401, 403) included (decision 002).
 */
export function defaultFallbackOn(error: SwitchyardError): boolean {
  return (
    error.retryable ||
    error.kind === 'context-length' ||
    (error.kind === 'invalid-request' && error.code === UNSUPPORTED_SCHEMA) ||
    isMissingApiKey(error)
  );
}

/**
 * Whether `error` is an adapter's own "no API key" (`AuthError`, code `missing_api_key`, raised
 * before any call: no HTTP status), not a vendor's or a gateway's 401 that happens to carry the
 * same code.
 */
export function isMissingApiKey(error: SwitchyardError): boolean {
  return error.kind === 'auth' && error.code === MISSING_API_KEY && error.status === undefined;
}
