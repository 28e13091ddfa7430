import { BenchmarkError } from './benchmark-error.js';

/** @internal The error of `runBenchmarks()` / `scheduleBenchmarks()` on a router without the engine. */
export function notConfigured(): BenchmarkError {
  return new BenchmarkError(
    'The benchmark engine is off: pass `benchmarks: true` (or options) to createRouter.',
    'not_configured',
  );
}
