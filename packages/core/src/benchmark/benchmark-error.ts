import { hasMarker, SwitchyardError } from '../errors/switchyard-error.js';

const benchmarkMarker: unique symbol = Symbol.for('switchyard.error.benchmark');

/**
 * Why a benchmark run could not start:
 * - `over_spend_cap`: the run's estimated cost exceeds its spend cap (nothing was called);
 * - `run_in_progress`: another run of this router is still going (one run at a time);
 * - `no_models`: there is no model to benchmark;
 * - `unknown_category`: the run names a category the suite does not have;
 * - `closed`: the router was closed;
 * - `not_configured`: the router was created without `benchmarks`.
 */
export type BenchmarkErrorCode =
  | 'over_spend_cap'
  | 'run_in_progress'
  | 'no_models'
  | 'unknown_category'
  | 'closed'
  | 'not_configured';

/**
 * A benchmark run was refused before any model was called. A bad suite is a `ConfigError`
 * instead (it lists every bad path); a test that fails during a run is recorded, never thrown.
 */
export class BenchmarkError extends SwitchyardError {
  readonly [benchmarkMarker] = true;
  declare readonly code: BenchmarkErrorCode;
  /** For `over_spend_cap`: the estimate and the cap, in US dollars. */
  readonly estimateUsd: number | undefined;
  readonly spendCapUsd: number | undefined;

  constructor(
    message: string,
    code: BenchmarkErrorCode,
    details: { estimateUsd?: number | undefined; spendCapUsd?: number | undefined } = {},
  ) {
    super(message, code === 'over_spend_cap' ? 'budget' : 'invalid-request', false, { code });
    this.estimateUsd = details.estimateUsd;
    this.spendCapUsd = details.spendCapUsd;
  }

  static override isInstance(error: unknown): error is BenchmarkError {
    return hasMarker(error, benchmarkMarker);
  }
}
