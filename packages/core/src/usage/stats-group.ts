import type { ErrorKind } from '../errors/error-kind.js';
import type { Usage } from '../provider/usage.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { GroupStats } from './router-stats.js';

/** The counters of one group of requests. */
export class Group {
  requests = 0;
  errors = 0;
  attempts = 0;
  skipped = 0;
  retries = 0;
  fallbacks = 0;
  cached = 0;
  streamed = 0;
  input = 0;
  output = 0;
  total = 0;
  cachedInput = 0;
  costUsd = 0;
  unpriced = 0;
  readonly failures = new Map<ErrorKind, number>();
  readonly errorKinds = new Map<ErrorKind, number>();
  readonly latency = new LatencyHistogram();
  readonly timeToFirstToken = new LatencyHistogram();

  snapshot(): GroupStats {
    return {
      requests: this.requests,
      errors: this.errors,
      errorsByKind: Object.fromEntries(this.errorKinds),
      failuresByKind: Object.fromEntries(this.failures),
      attempts: this.attempts,
      skipped: this.skipped,
      retries: this.retries,
      fallbacks: this.fallbacks,
      cached: this.cached,
      streamed: this.streamed,
      latency: this.latency.summary(),
      timeToFirstToken: this.timeToFirstToken.summary(),
      tokens: {
        input: this.input,
        output: this.output,
        total: this.total,
        cachedInput: this.cachedInput,
      },
      costUsd: this.costUsd,
      unpriced: this.unpriced,
    };
  }
}

/** The counters of one session. */
export class SessionGroup {
  requests = 0;
  errors = 0;
  input = 0;
  output = 0;
  total = 0;
  cachedInput = 0;
  costUsd = 0;
}

/** Adds one answer's tokens and cost to a group. */
export function addUsage(g: Group, usage: Usage, cost: number | undefined): void {
  g.input += usage.inputTokens;
  g.output += usage.outputTokens;
  g.total += usage.totalTokens;
  g.cachedInput += usage.cachedInputTokens ?? 0;
  if (cost === undefined) g.unpriced += 1;
  else g.costUsd += cost;
}
