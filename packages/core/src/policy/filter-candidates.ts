import type { ChatRequest } from '../provider/chat-request.js';
import type { Candidate } from './candidate.js';
import { requirementsOf, unfitReason } from './fit-candidates.js';
import type { PlanTrace } from './plan-trace.js';

/**
 * Drops the candidates that cannot take the request (a missing capability, a context window or
 * output limit too small); each one dropped is a skipped attempt in the trace, and the drops
 * together one `filter` step.
 */
export function filterCandidates(
  list: readonly Candidate[],
  request: ChatRequest,
  streaming: boolean,
  trace: PlanTrace,
): Candidate[] {
  if (!list.some((c) => c.info !== undefined)) return list as Candidate[];
  const needs = requirementsOf(request, streaming);
  const fit: Candidate[] = [];
  const dropped: string[] = [];
  for (const candidate of list) {
    const unfit = unfitReason(candidate, needs);
    if (unfit === undefined) {
      fit.push(candidate);
      continue;
    }
    dropped.push(unfit.detail);
    trace.attempts.push({
      provider: candidate.providerId,
      model: candidate.model,
      outcome: 'skipped',
      retry: 0,
      latencyMs: 0,
      skipReason: unfit.reason,
    });
  }
  if (dropped.length > 0)
    trace.steps.push({ policy: 'filter', verdict: 'filter', note: dropped.join('; ') });
  return fit;
}
