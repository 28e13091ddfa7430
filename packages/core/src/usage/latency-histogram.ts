/** Latency percentiles and summary, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly max: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

// Log-linear buckets, as in HdrHistogram: SUB sub-buckets per doubling of the value in
// microseconds, over DOUBLINGS doublings (1 µs to about 18 minutes). A recorded value lands in a
// bucket whose bounds differ by about 4.4 %; the memory is fixed however many values are recorded.
const SUB = 16;
const DOUBLINGS = 30;
const BUCKETS = SUB * DOUBLINGS;

/** Lower bound, in µs, of bucket `i`. */
function lowerBound(i: number): number {
  const doubling = Math.floor(i / SUB);
  const sub = i % SUB;
  return 2 ** doubling * (1 + sub / SUB) - 1;
}

/**
 * A bounded latency histogram: fixed memory (480 counters), constant-time recording, percentiles
 * within a few percent. Not a growing array of samples.
 */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private maximum = 0;

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    const us = ms > 0 ? ms * 1000 : 0;
    const value = us + 1;
    const doubling = Math.floor(Math.log2(value));
    const sub = Math.floor((value / 2 ** doubling - 1) * SUB);
    const index = Math.min(BUCKETS - 1, doubling * SUB + sub);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total += 1;
    this.sum += ms;
    if (ms > this.maximum) this.maximum = ms;
  }

  get count(): number {
    return this.total;
  }

  /** The value at quantile `q` (0 to 1), in milliseconds: the midpoint of its bucket. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) {
        const mid = (lowerBound(i) + lowerBound(i + 1)) / 2 / 1000;
        return Math.min(mid, this.maximum);
      }
    }
    return this.maximum;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      mean: this.total === 0 ? 0 : this.sum / this.total,
      max: this.maximum,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
    };
  }

  /** Adds another histogram's counts into this one. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++)
      this.counts[i] = (this.counts[i] ?? 0) + (other.counts[i] ?? 0);
    this.total += other.total;
    this.sum += other.sum;
    if (other.maximum > this.maximum) this.maximum = other.maximum;
  }
}
