// The limits sit apart from the runner so that the options (read by the router's configuration)
// do not import the runner, which imports the router's error normalisation.

/** Limits of one run; every field has a default. */
export interface BenchmarkRunLimits {
  /** Calls in flight at once, across all models. Defaults to 4. */
  readonly concurrency?: number | undefined;
  /** Time allowed for one test's model call, in ms; a late answer scores 0 (`timeout`). Defaults to 30 000 ms. */
  readonly testTimeoutMs?: number | undefined;
  /**
   * The most the run may spend, in US dollars (model calls and judges). A run whose estimate
   * exceeds it is refused with a `BenchmarkError` (`over_spend_cap`) before any call; a run whose
   * spend reaches it starts no further test. Unpriced models are not counted. Defaults to 1 USD.
   */
  readonly spendCapUsd?: number | undefined;
  /** The answer's token limit for tests that set none. Defaults to 256. */
  readonly maxTokens?: number | undefined;
}
