import { z } from 'zod/v4';
import { parseModelRef } from '../config/model-ref.js';
import type { ConfigIssue } from '../errors/config-error.js';
import type { Outcome } from '../learned/outcome.js';
import type { BenchmarkRunLimits } from './benchmark-limits.js';
import type { BenchmarkRun, ModelCategoryScore } from './benchmark-results.js';
import { type BenchmarkSuite, suiteIssues } from './benchmark-suite.js';
import type { ScoreStore } from './score-store.js';

/**
 * The benchmark engine's settings (`createRouter({ benchmarks })`). Turning it on puts the
 * category policy in the routing chain, reading the latest benchmark scores (and the static
 * `routing.categoryScores` table when they are stale or missing).
 */
export interface BenchmarkOptions extends BenchmarkRunLimits {
  /** The tests. Defaults to `STARTER_SUITE` (five cheap tests per built-in category). */
  readonly suite?: BenchmarkSuite | undefined;
  /**
   * The models to benchmark, as `provider:model`. Defaults to every model of the configured
   * aliases, plus `defaultModel` when it is a `provider:model`.
   */
  readonly models?: readonly string[] | undefined;
  /** Where scores are kept. Defaults to an in-memory store. */
  readonly store?: ScoreStore | undefined;
  /**
   * Scores older than this are stale: the category policy falls back to the static table.
   * Defaults to 86 400 000 ms (24 hours, seed 003's `max_age_hours`).
   */
  readonly maxAgeMs?: number | undefined;
  /** Receives every test result as an `Outcome` (to train the learned policy). Defaults to none. */
  readonly onOutcome?: ((outcome: Outcome) => void) | undefined;
  /**
   * A lock shared by the instances that share `store` (`createRedisLock` in `@switchyard/redis`),
   * so only one of them runs a scheduled benchmark at a time; the others skip that turn (a
   * `benchmark` event, phase `skipped`) and use its scores. Runs started by
   * `router.runBenchmarks()` do not take it. Defaults to none: each instance's schedule runs alone.
   */
  readonly lock?: BenchmarkLock | undefined;
}

/** A lock across instances for scheduled benchmark runs. */
export interface BenchmarkLock {
  /**
   * Takes the lock `name` for at most `ttlMs` (the schedule's `every`: it expires by itself if
   * its holder dies). Resolves to a lease, or `undefined` when another instance holds it (or the
   * lock cannot be reached: the run is skipped rather than run twice).
   */
  acquire(name: string, ttlMs: number): Promise<{ release(): unknown } | undefined>;
}

/** Options of `router.runBenchmarks()`: the engine's limits, overridden for one run. */
export interface RunBenchmarksOptions extends BenchmarkRunLimits {
  /** Only these categories. Defaults to every category of the suite. */
  readonly categories?: readonly string[] | undefined;
  /** Only these models (`provider:model`). Defaults to the engine's models. */
  readonly models?: readonly string[] | undefined;
  /** Stops the run: calls in flight are aborted and nothing is stored. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of `router.scheduleBenchmarks()`. */
export interface ScheduleBenchmarksOptions extends Omit<RunBenchmarksOptions, 'signal'> {
  /**
   * How often to run, in ms (seed 003: 1 to 12 hours): a run starts whenever the newest stored
   * scores of the suite are `every` old, at once when there are none. Runs by other instances
   * sharing the store count too.
   */
  readonly every: number;
}

/** A stored score with its age. */
export interface BenchmarkScoreView extends ModelCategoryScore {
  /** Now minus `at`, in ms. */
  readonly ageMs: number;
  /** Whether the category policy may use it (younger than `maxAgeMs`, current suite version). */
  readonly fresh: boolean;
}

/** What `router.benchmarks()` returns. */
export interface BenchmarkReport {
  /** The newest score of every model and category in the store, by category then best first. */
  readonly scores: readonly BenchmarkScoreView[];
  /** The suite version the router runs, and the age after which scores are stale (ms). */
  readonly suiteVersion: string | undefined;
  readonly maxAgeMs: number | undefined;
  /** This router's last completed run (all its test results), if any. */
  readonly lastRun: BenchmarkRun | undefined;
  /** Whether a run is going on now, and whether a schedule is active. */
  readonly running: boolean;
  readonly scheduled: boolean;
}

/** Per `provider:model`, its latest benchmark scores and their age (`router.health().benchmarks`). */
export interface ModelBenchmarkHealth {
  readonly model: string;
  /** Score (0–1) by category. */
  readonly scores: Readonly<Record<string, number>>;
  /** When its oldest category score was measured (ms since the epoch), and how long ago. */
  readonly at: number;
  readonly ageMs: number;
  /** Whether every one of them is younger than `maxAgeMs`. */
  readonly fresh: boolean;
}

const fn = z.custom<(...args: never[]) => unknown>(
  (v) => typeof v === 'function',
  'expected a function',
);
const wholeAtLeastOne = z.number().int().positive().finite();

/** The shape of {@link BenchmarkOptions}; the suite and model references are checked separately. */
export const benchmarkOptionsShape = z.strictObject({
  suite: z
    .custom<object>((v) => typeof v === 'object' && v !== null, 'expected a benchmark suite')
    .optional(),
  models: z.array(z.string()).optional(),
  store: z
    .custom<object>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as ScoreStore).save === 'function' &&
        typeof (v as ScoreStore).latest === 'function',
      'expected a score store with save(), latest()',
    )
    .optional(),
  maxAgeMs: wholeAtLeastOne.optional(),
  concurrency: wholeAtLeastOne.optional(),
  testTimeoutMs: wholeAtLeastOne.optional(),
  spendCapUsd: z.number().nonnegative().finite().optional(),
  maxTokens: wholeAtLeastOne.optional(),
  onOutcome: fn.optional(),
  lock: z
    .custom<object>(
      (v) =>
        typeof v === 'object' && v !== null && typeof (v as BenchmarkLock).acquire === 'function',
      'expected a lock with acquire()',
    )
    .optional(),
});

/** Checks the suite and the model references of `benchmarks` (the shape is checked by zod). */
export function benchmarkIssues(options: unknown, providerIds: ReadonlySet<string>): ConfigIssue[] {
  if (typeof options !== 'object' || options === null) return [];
  const { suite, models } = options as BenchmarkOptions;
  const issues: ConfigIssue[] = [];
  if (typeof suite === 'object' && suite !== null) {
    issues.push(...suiteIssues(suite, 'benchmarks.suite'));
  }
  if (Array.isArray(models)) {
    models.forEach((ref, i) => {
      if (typeof ref !== 'string') return;
      const parsed = parseModelRef(ref);
      if (parsed === undefined || !providerIds.has(parsed.providerId)) {
        issues.push({
          path: `benchmarks.models[${i}]`,
          message: `"${ref}" is not "provider:model" of a configured provider (${[...providerIds].join(', ') || 'none'})`,
        });
      }
    });
  }
  return issues;
}
