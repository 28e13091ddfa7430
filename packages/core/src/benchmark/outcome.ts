/**
 * One observed result of sending a prompt to a model: what the benchmark engine records for every
 * test it runs, and what a host records from its own traffic (`source: 'feedback'`). The learned
 * routing policy trains on these.
 */
export interface Outcome {
  /** The prompt's text (the last user message), when known. */
  readonly prompt?: string | undefined;
  /** Precomputed features of the prompt, when the producer has them. */
  readonly features?: unknown;
  /** The model that answered, as `provider:model`. */
  readonly model: string;
  /** How good the answer was, from 0 (useless) to 1 (perfect). */
  readonly score: number;
  /** What the answer cost in US dollars, when the model is priced. */
  readonly costUsd?: number | undefined;
  /** How long the answer took, in milliseconds. */
  readonly latencyMs?: number | undefined;
  /** When the outcome was observed (ms since the epoch). */
  readonly at: number;
  /** The task category of the prompt (`math`, `coding`, ... or the host's own). */
  readonly category?: string | undefined;
  /** Who produced it: `'benchmark'` for the benchmark engine, `'feedback'` for the host. */
  readonly source: 'benchmark' | 'feedback' | string;
}
