import type { SwitchyardError } from './switchyard-error.js';

/**
 * The `code` of an `InvalidRequestError` an adapter throws, before any call, when its vendor
 * cannot take a part of the request that another vendor may (a JSON schema with a node Gemini
 * rejects). The router's default `fallbackOn` moves on to the next candidate on it.
 */
export const UNSUPPORTED_SCHEMA = 'unsupported_schema';

/**
 * The router's default `fallbackOn`: whether an error lets the next candidate try. True for a
 * retryable error (the same candidate is retried first), and for two refusals that are final for
 * this candidate only, which move on at once with no retry: a context-length refusal (another
 * model may have a larger window) and a request part the candidate's vendor cannot take
 * (`InvalidRequestError` with code `unsupported_schema`). Any other error ends the request.
 */
export function defaultFallbackOn(error: SwitchyardError): boolean {
  return (
    error.retryable ||
    error.kind === 'context-length' ||
    (error.kind === 'invalid-request' && error.code === UNSUPPORTED_SCHEMA)
  );
}
