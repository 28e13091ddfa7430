/**
 * How well one model answered one request: the record the learned router trains on. Written by
 * `router.feedback` (through a feedback recorder), by the benchmark engine, or by a host's own
 * evaluation. Either `prompt` or `features` is present.
 */
export interface Outcome {
  /** The request's text (its last user message). */
  readonly prompt?: string | undefined;
  /** The text's features instead of the text, for hosts that may not keep prompts. */
  readonly features?: OutcomeFeatures | undefined;
  /** The model that answered, as the router names it (`provider:model`). */
  readonly model: string;
  /** How good the answer was, 0 (wrong or useless) to 1 (right). */
  readonly score: number;
  /** What the answer cost, in US dollars, when known. */
  readonly costUsd?: number | undefined;
  /** How long the answer took, in milliseconds, when known. */
  readonly latencyMs?: number | undefined;
  /** When the answer was scored, in milliseconds since the epoch. */
  readonly time: number;
  /** Who scored it (`feedback`, `benchmark`, a judge's name, ...). */
  readonly source?: string | undefined;
  /** The task category of the prompt (`math`, `coding`, ... or the host's own), when known. */
  readonly category?: string | undefined;
}

/** A request text's features, as computed by the learned router's extractor. */
export interface OutcomeFeatures {
  /** The extractor version they were computed with. */
  readonly featureVersion: number;
  /** The hash space bits they were computed with. */
  readonly bits: number;
  readonly indices: readonly number[];
  readonly values: readonly number[];
}
