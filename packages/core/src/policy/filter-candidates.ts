import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Candidate } from './candidate.js';
import { IMAGE_INPUT, requirementsOf, unfitReason } from './fit-candidates.js';
import type { PlanTrace } from './plan-trace.js';

/**
 * Drops the candidates that cannot take the request (a missing capability, a context window or
 * output limit too small); each one dropped is a skipped attempt in the trace, and the drops
 * together one `filter` step.
 *
 * @throws InvalidRequestError `unsupported_content` when the request has images and no candidate
 *   is left, one or more having been dropped for lacking image input.
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
  if (fit.length === 0 && needs.images > 0 && dropped.some((d) => d.endsWith(IMAGE_INPUT))) {
    throw new InvalidRequestError(
      `No candidate takes image input: ${dropped.join('; ')}. Send text only, or route to a model whose capabilities include vision.`,
      { code: 'unsupported_content' },
    );
  }
  return fit;
}
