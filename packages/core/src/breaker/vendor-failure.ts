import { SwitchyardError } from '../errors/switchyard-error.js';

/**
 * Whether a failure says something about the vendor's health, and so counts toward opening its
 * breaker: 5xx, 429, timeouts of an attempt or a stream, connection failures, malformed answers,
 * and errors no adapter could classify. A request's own fault (400, context length, content
 * filter), a rejected key, a caller's abort or the caller's own total deadline do not count.
 */
export function isVendorFailure(error: unknown): boolean {
  if (!SwitchyardError.isInstance(error)) return true;
  switch (error.kind) {
    case 'server':
    case 'rate-limit':
    case 'connection':
    case 'invalid-response':
    case 'unknown':
      return true;
    case 'timeout':
      return (error as { scope?: string }).scope !== 'total';
    default:
      return false;
  }
}
