import type { BenchmarkTestResult, ModelCategoryScore } from './benchmark-results.js';
import type { BenchmarkWeights } from './benchmark-suite.js';

// Speed and cost are compared as ratios to the best model (best / own), so halving a latency
// matters as much at 200 ms as at 2 s. Latencies under a millisecond are counted as one (a mock
// answers in 0 ms), and costs under a billionth of a dollar as that, to keep ratios finite.
const MIN_LATENCY_MS = 1;
const MIN_COST_USD = 1e-9;
// A model without a price gets a neutral cost score when others are priced (see decision 036).
const UNPRICED_COST_SCORE = 0.5;

/** Percentile by nearest rank of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

interface Partial {
  readonly model: string;
  readonly meanQuality: number;
  readonly p50: number | undefined;
  readonly p95: number | undefined;
  readonly costPerTest: number | undefined;
  readonly tests: number;
  readonly failures: number;
}

/**
 * Scores every model of one category from its test results: mean quality, latency percentiles,
 * cost per test, then speed and cost normalised across the models, weighted into one number.
 * Models with no test that ran get no score. Sorted best first.
 */
export function scoreCategory(
  category: string,
  weights: BenchmarkWeights,
  results: readonly BenchmarkTestResult[],
  run: { readonly id: string; readonly suiteVersion: string; readonly at: number },
): ModelCategoryScore[] {
  const byModel = new Map<string, BenchmarkTestResult[]>();
  for (const result of results) {
    if (result.category !== category || !result.ran) continue;
    let list = byModel.get(result.model);
    if (list === undefined) {
      list = [];
      byModel.set(result.model, list);
    }
    list.push(result);
  }
  const partials: Partial[] = [];
  for (const [model, list] of byModel) {
    const latencies = list
      .filter((r) => r.failure === undefined || r.failure.kind === 'scorer')
      .map((r) => r.latencyMs)
      .sort((a, b) => a - b);
    const priced = list.every((r) => r.costUsd !== undefined);
    partials.push({
      model,
      meanQuality: list.reduce((sum, r) => sum + r.quality, 0) / list.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      costPerTest: priced
        ? list.reduce((sum, r) => sum + (r.costUsd ?? 0), 0) / list.length
        : undefined,
      tests: list.length,
      failures: list.filter((r) => r.failure !== undefined).length,
    });
  }
  const fastest = Math.min(
    ...partials.map((p) =>
      p.p50 === undefined ? Number.POSITIVE_INFINITY : Math.max(MIN_LATENCY_MS, p.p50),
    ),
  );
  const costs = partials.flatMap((p) =>
    p.costPerTest === undefined ? [] : [Math.max(MIN_COST_USD, p.costPerTest)],
  );
  const cheapest = costs.length === 0 ? undefined : Math.min(...costs);

  return partials
    .map((p): ModelCategoryScore => {
      const qualityScore = p.meanQuality / 100;
      const speedScore = p.p50 === undefined ? 0 : fastest / Math.max(MIN_LATENCY_MS, p.p50);
      const costScore =
        cheapest === undefined
          ? 1
          : p.costPerTest === undefined
            ? UNPRICED_COST_SCORE
            : cheapest / Math.max(MIN_COST_USD, p.costPerTest);
      const score =
        qualityScore * weights.quality + speedScore * weights.speed + costScore * weights.cost;
      return {
        category,
        model: p.model,
        score: round(score),
        meanQuality: round(p.meanQuality),
        p50LatencyMs: p.p50,
        p95LatencyMs: p.p95,
        costPerTestUsd: p.costPerTest,
        qualityScore: round(qualityScore),
        speedScore: round(speedScore),
        costScore: round(costScore),
        tests: p.tests,
        failures: p.failures,
        suiteVersion: run.suiteVersion,
        runId: run.id,
        at: run.at,
      };
    })
    .sort((a, b) => b.score - a.score || a.model.localeCompare(b.model));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
