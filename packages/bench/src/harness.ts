/** Median and spread of a measurement, in microseconds per call. */
export interface Measurement {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  /** Calls timed (warm-up excluded). */
  readonly calls: number;
}

/** How long to measure. */
export interface Budget {
  readonly warmup: number;
  readonly batches: number;
  readonly batchSize: number;
}

const now = () => process.hrtime.bigint();

/**
 * Times `fn` in batches: each sample is the mean of `batchSize` sequential awaited calls, so the
 * timer's own cost (tens of nanoseconds) stays out of microsecond measurements. Reports the
 * median and interquartile range over batches. `fn` receives a running call index.
 */
export async function measure(fn: (i: number) => unknown, budget: Budget): Promise<Measurement> {
  let i = 0;
  for (let w = 0; w < budget.warmup; w++) await fn(i++);
  const samples: number[] = [];
  for (let b = 0; b < budget.batches; b++) {
    const start = now();
    for (let k = 0; k < budget.batchSize; k++) await fn(i++);
    samples.push(Number(now() - start) / 1000 / budget.batchSize);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  return {
    median: at(0.5),
    p25: at(0.25),
    p75: at(0.75),
    min: samples[0] as number,
    max: samples[samples.length - 1] as number,
    calls: budget.batches * budget.batchSize,
  };
}

/**
 * The extra cost of `a` over `b`, in microseconds per call: batches of the two alternate, and the
 * median of the per-pair differences is reported, so that drift on a busy machine (which moves two
 * separately measured medians apart) cancels out.
 */
export async function measureDifference(
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  budget: Budget,
): Promise<number> {
  let i = 0;
  for (let w = 0; w < budget.warmup; w++) {
    await a(i);
    await b(i++);
  }
  const differences: number[] = [];
  for (let batch = 0; batch < budget.batches; batch++) {
    let start = now();
    for (let k = 0; k < budget.batchSize; k++) await a(i++);
    const first = Number(now() - start);
    start = now();
    for (let k = 0; k < budget.batchSize; k++) await b(i++);
    differences.push((first - Number(now() - start)) / 1000 / budget.batchSize);
  }
  differences.sort((x, y) => x - y);
  return differences[Math.floor(differences.length / 2)] as number;
}

/** Calls `fn` with `concurrency` callers for `ms` milliseconds; returns completed calls per second. */
export async function throughput(
  fn: (i: number) => Promise<unknown>,
  concurrency: number,
  ms: number,
): Promise<number> {
  let i = 0;
  let done = 0;
  const deadline = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < deadline) {
      // Check the clock every 64 calls; Date.now() per call would be a noticeable share of 10 µs.
      for (let k = 0; k < 64; k++) {
        await fn(i++);
        done += 1;
      }
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / (Number(now() - start) / 1e9);
}

/** Collects garbage if `--expose-gc` was given. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}
