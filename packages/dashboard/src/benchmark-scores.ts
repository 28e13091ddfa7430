import type { Router } from '@switchyard/core';

/** One model's score in one category, as the dashboard sends it. */
export interface BenchmarkScoreRow {
  readonly category: string;
  /** `provider:model`. */
  readonly model: string;
  /** The weighted score, 0–1. */
  readonly score: number;
  readonly meanQuality: number | undefined;
  readonly p50LatencyMs: number | undefined;
  readonly p95LatencyMs: number | undefined;
  readonly costPerTestUsd: number | undefined;
  readonly tests: number | undefined;
  readonly failures: number | undefined;
  readonly suiteVersion: string | undefined;
  /** When the run that measured it finished (ms since the epoch), and how long ago. */
  readonly at: number | undefined;
  readonly ageMs: number | undefined;
  /** Whether the router's category policy may still use it. */
  readonly fresh: boolean | undefined;
}

/** A summary of the engine's last run (its test results, answers included, are left out). */
export interface BenchmarkRunSummary {
  readonly id: string | undefined;
  readonly suiteVersion: string | undefined;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
  readonly models: readonly string[] | undefined;
  readonly categories: readonly string[] | undefined;
  readonly spentUsd: number | undefined;
  readonly spendCapUsd: number | undefined;
  readonly stopped: string | undefined;
}

/** What the benchmark endpoint answers. */
export type BenchmarkReport =
  | { readonly available: false }
  | {
      readonly available: true;
      /**
       * The scores: rows picked field by field from the benchmark engine's report, or, when
       * `router.benchmarks()` returns something else, that value as it is.
       */
      readonly scores: readonly BenchmarkScoreRow[] | unknown;
      readonly suiteVersion?: string | undefined;
      readonly maxAgeMs?: number | undefined;
      readonly running?: boolean | undefined;
      readonly scheduled?: boolean | undefined;
      readonly lastRun?: BenchmarkRunSummary | undefined;
    };

type WithBenchmarks = Router & { benchmarks?: () => unknown };
type Loose = Record<string, unknown>;

const isOffReport = (v: unknown): boolean =>
  v !== null &&
  typeof v === 'object' &&
  (v as Loose).maxAgeMs === undefined &&
  Array.isArray((v as Loose).scores) &&
  ((v as Loose).scores as unknown[]).length === 0 &&
  (v as Loose).lastRun === undefined;
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/**
 * Benchmark scores when the router has a benchmark engine (`router.benchmarks()`), otherwise
 * `{ available: false }`. Detected at call time, so a router built without one still works. A
 * report of the engine's shape is copied field by field: its test results (the suite's prompts
 * and the models' answers) never leave the process.
 */
export async function readBenchmarks(router: Router): Promise<BenchmarkReport> {
  const candidate = router as WithBenchmarks;
  if (typeof candidate.benchmarks !== 'function') return { available: false };
  const report: unknown = await candidate.benchmarks();
  // A router whose engine is off answers an empty report with no freshness limit.
  if (isOffReport(report)) return { available: false };
  if (report === null || typeof report !== 'object' || !Array.isArray((report as Loose).scores)) {
    return { available: true, scores: report ?? null };
  }
  const r = report as Loose;
  const rows = (r.scores as unknown[]).flatMap((row): BenchmarkScoreRow[] => {
    if (row === null || typeof row !== 'object') return [];
    const s = row as Loose;
    const category = str(s.category);
    const model = str(s.model);
    const score = num(s.score);
    if (category === undefined || model === undefined || score === undefined) return [];
    return [
      {
        category,
        model,
        score,
        meanQuality: num(s.meanQuality),
        p50LatencyMs: num(s.p50LatencyMs),
        p95LatencyMs: num(s.p95LatencyMs),
        costPerTestUsd: num(s.costPerTestUsd),
        tests: num(s.tests),
        failures: num(s.failures),
        suiteVersion: str(s.suiteVersion),
        at: num(s.at),
        ageMs: num(s.ageMs),
        fresh: typeof s.fresh === 'boolean' ? s.fresh : undefined,
      },
    ];
  });
  const last =
    r.lastRun !== null && typeof r.lastRun === 'object' ? (r.lastRun as Loose) : undefined;
  // A router whose engine is off still answers, with no suite and no scores.
  if (str(r.suiteVersion) === undefined && rows.length === 0 && last === undefined) {
    return { available: false };
  }
  return {
    available: true,
    scores: rows,
    suiteVersion: str(r.suiteVersion),
    maxAgeMs: num(r.maxAgeMs),
    running: r.running === true,
    scheduled: r.scheduled === true,
    lastRun:
      last === undefined
        ? undefined
        : {
            id: str(last.id),
            suiteVersion: str(last.suiteVersion),
            startedAt: num(last.startedAt),
            finishedAt: num(last.finishedAt),
            models: strings(last.models),
            categories: strings(last.categories),
            spentUsd: num(last.spentUsd),
            spendCapUsd: num(last.spendCapUsd),
            stopped: str(last.stopped),
          },
  };
}
