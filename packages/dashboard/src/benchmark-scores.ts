import type { Router } from '@switchyard/core';

/** What the benchmark endpoint answers. */
export type BenchmarkReport =
  | { readonly available: false }
  | {
      readonly available: true;
      /** What `router.benchmarks()` returned, as it returned it. */
      readonly scores: unknown;
    };

type WithBenchmarks = Router & { benchmarks?: () => unknown };

/**
 * Benchmark scores when the router has a benchmark engine (`router.benchmarks()`), otherwise
 * `{ available: false }`. Detected at call time, so a router built without one still works.
 */
export async function readBenchmarks(router: Router): Promise<BenchmarkReport> {
  const candidate = router as WithBenchmarks;
  if (typeof candidate.benchmarks !== 'function') return { available: false };
  const scores = await candidate.benchmarks();
  return { available: true, scores: scores ?? null };
}
