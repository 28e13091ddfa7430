import type { Classification } from '../classify/classification.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { RouteStep } from '../provider/route-trace.js';
import type { SessionState } from '../session/session-store.js';
import type { PolicyContext, PolicyDecision } from './routing-policy.js';

/** One request's way through the chain: where it is, and what the links have said so far. */
export class PlanRun {
  index = 0;
  sessionLoaded = false;
  decided:
    | { decision: Extract<PolicyDecision, { verdict: 'decide' }>; policy: string }
    | undefined = undefined;
  prefer:
    | { provider: string; step: { policy: string; verdict: RouteStep['verdict']; note: string } }
    | undefined = undefined;
  readonly context: PolicyContext & {
    classification: Classification | undefined;
    session: SessionState | undefined;
  };

  constructor(
    readonly request: ChatRequest,
    isAlias: (name: string) => boolean,
  ) {
    this.context = { request, classification: undefined, session: undefined, isAlias };
  }
}

/** The trace step of a `decide` verdict; a learned policy's predictions ride along as data. */
export function decideStep(
  policy: string,
  decision: Extract<PolicyDecision, { verdict: 'decide' }>,
): RouteStep {
  const { note, learned } = decision;
  return learned === undefined
    ? { policy, verdict: 'decide', note }
    : { policy, verdict: 'decide', note, learned };
}
