import type { ErrorKind } from '../errors/error-kind.js';
import type { Outcome } from '../learned/outcome.js';

/**
 * Why a test has no answer to score: a provider error kind (`timeout`, `server`, ...), `scorer`
 * (a scorer threw or returned no number), or `spend-cap` / `aborted` (not run).
 */
export type BenchmarkFailureKind = ErrorKind | 'scorer' | 'spend-cap' | 'aborted';

/** One scorer's verdict on one answer. */
export interface ScorerResult {
  readonly scorer: string;
  /** 0–100. */
  readonly quality: number;
  readonly note?: string | undefined;
}

/** The result of one test on one model. */
export interface BenchmarkTestResult {
  readonly category: string;
  readonly testId: string;
  /** `provider:model`. */
  readonly model: string;
  /** The mean of the scorers' qualities, 0–100; 0 when the test failed. */
  readonly quality: number;
  /** From sending the request to the complete answer (or the failure), in ms. */
  readonly latencyMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The answer's cost plus any judge's, in US dollars; `undefined` when the model is unpriced. */
  readonly costUsd: number | undefined;
  /** Whether the test ran (a test stopped by the spend cap or an abort did not). */
  readonly ran: boolean;
  /** Set when the test failed or did not run. */
  readonly failure?: { readonly kind: BenchmarkFailureKind; readonly message: string } | undefined;
  /** Each scorer's verdict (empty when there was no answer). */
  readonly scores: readonly ScorerResult[];
  /** The answer's text, cut to 2 000 characters. */
  readonly answer?: string | undefined;
  /** When the test finished (ms since the epoch). */
  readonly at: number;
}

/**
 * One model's result in one category, the unit the category policy routes by. Speed and cost
 * are normalised across the models of the same run and category (the best gets 1).
 */
export interface ModelCategoryScore {
  readonly category: string;
  /** `provider:model`. */
  readonly model: string;
  /** The weighted score, 0–1: `quality × w.quality + speed × w.speed + cost × w.cost`. */
  readonly score: number;
  /** Mean quality of the tests that ran, 0–100 (failed tests count 0). */
  readonly meanQuality: number;
  /** Median and 95th percentile latency of the successful tests, in ms (`undefined`: none succeeded). */
  readonly p50LatencyMs: number | undefined;
  readonly p95LatencyMs: number | undefined;
  /** Mean cost of one test in US dollars, `undefined` when the model is unpriced. */
  readonly costPerTestUsd: number | undefined;
  /** The three normalised parts of the score, each 0–1. */
  readonly qualityScore: number;
  readonly speedScore: number;
  readonly costScore: number;
  /** Tests that ran, and how many of them failed. */
  readonly tests: number;
  readonly failures: number;
  /** The suite version and run the score comes from, and when that run finished (ms since the epoch). */
  readonly suiteVersion: string;
  readonly runId: string;
  readonly at: number;
}

/** Everything one benchmark run produced. */
export interface BenchmarkRun {
  readonly id: string;
  readonly suiteVersion: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** The models and categories the run covered. */
  readonly models: readonly string[];
  readonly categories: readonly string[];
  /** The pre-run estimate and what was spent, in US dollars (unpriced models count 0). */
  readonly estimateUsd: number;
  readonly spentUsd: number;
  readonly spendCapUsd: number;
  /** Models without a price: their spend is unknown and not capped. */
  readonly unpricedModels: readonly string[];
  /** Why the run stopped before every test ran, if it did. */
  readonly stopped: 'spend-cap' | 'aborted' | undefined;
  /** Every test on every model, in suite order. */
  readonly results: readonly BenchmarkTestResult[];
  /** One score per model and category, best first within each category. */
  readonly scores: readonly ModelCategoryScore[];
  /** Every test that ran, as an outcome for the learned routing policy. */
  readonly outcomes: readonly Outcome[];
}
