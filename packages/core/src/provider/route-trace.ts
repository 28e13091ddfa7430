import type { ErrorKind } from '../errors/error-kind.js';
import type { LearnedDecision } from '../learned/learned-decision.js';
import type { ToolTrace } from '../tools/tool-loop-types.js';

/** Task complexity as the classifier sees it. */
export type Complexity = 'simple' | 'complex';

/** One policy's verdict while choosing candidates. */
export interface RouteStep {
  /** The policy's name (`pin`, `intent`, `session`, `category-scores`, `tier`, `balance`, ...). */
  readonly policy: string;
  /** What it did: chose the list, narrowed it, reordered it, put candidates first, or passed. */
  readonly verdict: 'decide' | 'narrow' | 'reorder' | 'prefer' | 'pass' | 'filter';
  /** Why, in words. */
  readonly note: string;
  /** A learned policy's predictions and decision as data (see `LearnedDecision`), when it decided. */
  readonly learned?: LearnedDecision | undefined;
}

/** One try of one candidate, or a candidate skipped without a call. */
export interface RouteAttempt {
  readonly provider: string;
  readonly model: string;
  /** `success`, `error` (the call failed) or `skipped` (no call was made). */
  readonly outcome: 'success' | 'error' | 'skipped';
  /** 0 for the first try of this candidate, 1 for its first retry, ... */
  readonly retry: number;
  /** Time spent on this try, in milliseconds (0 for a skip). */
  readonly latencyMs: number;
  /** The error's kind when `outcome` is `error`. */
  readonly errorKind?: ErrorKind | undefined;
  /** The error's message (secrets redacted) when `outcome` is `error`. */
  readonly errorMessage?: string | undefined;
  /**
   * Stream attempts that produced a first part: the time from the attempt's start to that part, in
   * milliseconds (the time to first token).
   */
  readonly timeToFirstTokenMs?: number | undefined;
  /** Why the candidate was skipped (`breaker-open`, `context-window`, `capability`, `budget`). */
  readonly skipReason?: string | undefined;
}

/** The decision trace every response carries: what was considered, what was tried, and why. */
export interface RouteTrace {
  /** The intent (from the request, a rule, or a host classifier). */
  readonly intent?: string | undefined;
  /** The task category (`coding`, `math`, `research`, `language`, `empathy`, `general`, ...). */
  readonly category?: string | undefined;
  readonly complexity?: Complexity | undefined;
  /** The classifier's confidence, 0 to 1. */
  readonly confidence?: number | undefined;
  /** The alias the candidates came from, when they came from one. */
  readonly tier?: string | undefined;
  /** The candidates in the order they were to be tried, as `provider:model`. */
  readonly candidates: readonly string[];
  /** Every try and skip, in order. */
  readonly attempts: readonly RouteAttempt[];
  /** Each policy's verdict, in chain order. */
  readonly steps: readonly RouteStep[];
  /** Why the answering candidate was chosen, in one sentence. */
  readonly reason: string;
  /** The tools offered, the schema tokens a registry saved, and each tool-loop turn. Absent without a loop. */
  readonly tools?: ToolTrace | undefined;
  /** How the cache took part: `hit`, `miss`, `coalesced`, `refresh`, `bypass` or `off`. */
  readonly cache?: 'hit' | 'miss' | 'coalesced' | 'refresh' | 'bypass' | 'off' | undefined;
  /** Session affinity: the session and whether this request switched its provider. */
  readonly session?:
    | { readonly id: string; readonly switched: boolean; readonly previous?: string | undefined }
    | undefined;
}
