import type { Message } from '../provider/messages.js';

/** What a scorer knows about the answer it scores. */
export interface ScorerContext {
  /** The category and test the answer belongs to. */
  readonly category: string;
  readonly testId: string;
  /** The messages the model was sent. */
  readonly messages: readonly Message[];
  /** The model that answered, as `provider:model`. */
  readonly model: string;
  /** Aborted when the run is stopped or the router closes. */
  readonly signal: AbortSignal;
}

/** A scorer's verdict with details. A plain number is shorthand for `{ quality }`. */
export interface ScorerVerdict {
  /** Quality from 0 to 100. */
  readonly quality: number;
  /** Why, in a few words (shown in the test's result). */
  readonly note?: string | undefined;
  /** What scoring itself cost in US dollars (an LLM judge's call). Counts toward the spend cap. */
  readonly costUsd?: number | undefined;
}

/**
 * Scores one answer. Built-in scorers: {@link keywordsScorer}, {@link regexScorer},
 * {@link exactAnswerScorer}, {@link minLengthScorer}, {@link jsonSchemaScorer},
 * {@link customScorer} and {@link llmJudgeScorer}. A scorer that throws (or returns something
 * other than a number from 0 to 100) makes its test score 0, with the reason in the result; the
 * run goes on.
 */
export interface Scorer {
  /** A short name for results (`keywords`, `regex`, `judge`, ...). */
  readonly name: string;
  /**
   * `true` when scoring sends model calls (an LLM judge): they cost money, count toward the run's
   * spend cap and are part of its estimate. Defaults to `false`.
   */
  readonly costsCalls?: boolean | undefined;
  /** An estimate of what scoring one answer costs in US dollars, for the run's pre-run estimate. */
  estimateUsd?(): number;
  /** The quality of `answer`, from 0 to 100. */
  score(
    answer: string,
    context: ScorerContext,
  ): number | ScorerVerdict | Promise<number | ScorerVerdict>;
}
