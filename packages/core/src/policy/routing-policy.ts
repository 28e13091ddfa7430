import type { Classification } from '../classify/classification.js';
import type { LearnedDecision } from '../learned/learned-decision.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { SessionState } from '../session/session-store.js';

/** What a policy sees. */
export interface PolicyContext {
  readonly request: ChatRequest;
  /** The classification; present for policies that set `needsClassification`. */
  readonly classification: Classification | undefined;
  /** The session's state, when the request has a `sessionId` and one is stored. */
  readonly session: SessionState | undefined;
  /** Whether `name` is a configured alias. */
  isAlias(name: string): boolean;
}

/**
 * A policy's verdict:
 * - `decide`: these models (aliases or `provider:model`), in order, are the candidates; the chain
 *   stops choosing.
 * - `prefer`: whatever is decided, candidates of this provider go first.
 * - `pass`: no opinion (the note says why, for the trace).
 */
export type PolicyDecision =
  | {
      readonly verdict: 'decide';
      readonly models: string | readonly string[];
      readonly note: string;
      /** A learned policy's predictions as data; the planner copies it into the trace step. */
      readonly learned?: LearnedDecision | undefined;
    }
  | { readonly verdict: 'prefer'; readonly provider: string; readonly note: string }
  | { readonly verdict: 'pass'; readonly note: string };

/**
 * One link of the routing chain. Built-in links: `pin`, `intent`, `session`, `category-scores`,
 * `tier`, `default`; hosts insert their own after `pin` (`routing.policies`). Synchronous: a
 * policy runs on every request.
 */
export interface RoutingPolicy {
  readonly name: string;
  /** Whether the policy reads `context.classification` (the router classifies first). */
  readonly needsClassification?: boolean | undefined;
  decide(context: PolicyContext): PolicyDecision | undefined;
}
