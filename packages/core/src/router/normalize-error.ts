import { AbortError } from '../errors/abort-error.js';
import { isAbortLike } from '../errors/error-from-http.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';

/**
 * Makes anything a provider threw into a Switchyard error. Adapters map their SDK's errors
 * already; this catches the rest (a bug, an SDK throwing something unexpected). Such an error is
 * treated as retryable: the router would rather try another candidate than fail a request that
 * another vendor could answer.
 */
export function normalizeError(thrown: unknown, candidate: Candidate | undefined): SwitchyardError {
  if (SwitchyardError.isInstance(thrown)) return thrown;
  const where = candidate === undefined ? '' : `${candidate.ref}: `;
  const options = { cause: thrown, provider: candidate?.providerId, model: candidate?.model };
  if (isAbortLike(thrown)) return new AbortError(`${where}the call was aborted.`, options);
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return new SwitchyardError(
    `${where}unexpected provider error: ${detail}`,
    'unknown',
    true,
    options,
  );
}
