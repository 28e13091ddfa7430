import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { Candidate } from '../policy/candidate.js';
import type { ProviderResponse } from '../provider/provider.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { RequestState } from './request-state.js';

// The client-side name the OpenTelemetry GenAI conventions give this measure (a histogram there,
// in seconds); set on the attempt's span so a trace shows it beside the attempt's duration.
const TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';

/** Opens the attempt's span under the request's, when telemetry is on. */
export function startAttemptSpan(
  telemetry: Telemetry | undefined,
  state: RequestState,
  candidate: Candidate,
  retry: number,
): void {
  if (telemetry === undefined || state.span === undefined) return;
  state.attemptSpan = telemetry.startAttempt(
    state.span,
    candidate.providerId,
    candidate.model,
    state.request,
    retry,
  );
}

/** Ends the attempt's span: an answer, an error, or (`undefined`) a breaker that refused the call. */
export function endAttemptSpan(
  telemetry: Telemetry | undefined,
  state: RequestState,
  outcome: ProviderResponse | SwitchyardError | undefined,
): void {
  const span = state.attemptSpan;
  if (span === undefined) return;
  state.attemptSpan = undefined;
  if (outcome === undefined) {
    span.setAttribute('switchyard.skipped', 'breaker-open');
    span.end();
    return;
  }
  telemetry?.endAttempt(span, outcome, state.span?.operation);
}

/** Puts the stream attempt's time to its first part on its span. */
export function markFirstToken(state: RequestState, ms: number): void {
  state.attemptSpan?.setAttribute(TIME_TO_FIRST_CHUNK, ms / 1000);
}
