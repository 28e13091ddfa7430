/**
 * What a learned policy predicted and decided, as data: the route trace carries it
 * (`RouteStep.learned`) next to the step's note, so a host can log, chart or audit the
 * predictions without parsing text.
 */
export interface LearnedDecision {
  /** `tier` for `learnedTierPolicy`, `cost` for `learnedCostPolicy`. */
  readonly kind: 'tier' | 'cost';
  /** The route decided (the first of the step's models). */
  readonly chosen: string;
  /**
   * Why, in one token: `gain-above-threshold` / `gain-at-or-below-threshold` (tier), or
   * `best-utility` (cost: the highest predicted score − λ × estimated cost).
   */
  readonly reason: 'gain-above-threshold' | 'gain-at-or-below-threshold' | 'best-utility';
  /** Each candidate's prediction, in the decided order (the chosen route first). */
  readonly candidates: readonly LearnedCandidate[];
  /** Tier policy: P(strong answers well) − P(cheap answers well). */
  readonly gain?: number | undefined;
  /** Tier policy: the gain threshold above which the strong route is chosen. */
  readonly threshold?: number | undefined;
  /** Cost policy: quality given up per US dollar (λ). */
  readonly lambda?: number | undefined;
}

/** One candidate of a {@link LearnedDecision}. */
export interface LearnedCandidate {
  /** The route (alias or `provider:model`) the policy may decide. */
  readonly route: string;
  /** The model's name in the learned model. */
  readonly model: string;
  /** Predicted probability (0–1) that the model answers this request well. */
  readonly predictedScore: number;
  /**
   * Estimated cost of this request on this model, in US dollars; `undefined` when neither the
   * learned model nor the price table knows the model (the cost policy then counts it as free).
   */
  readonly estimatedCostUsd: number | undefined;
  /**
   * Where the estimate comes from: `learned` (the model's cost regression, trained on the
   * outcomes' `costUsd`), `prices` (the price table × the request's token estimate) or `none`.
   */
  readonly costSource: 'learned' | 'prices' | 'none';
  /** Cost policy: predictedScore − λ × estimatedCostUsd, the quantity maximised. */
  readonly utility?: number | undefined;
}
