import type { ErrorKind } from '../errors/error-kind.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { RouteAttempt } from '../provider/route-trace.js';
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

/** Counts an answer on the provider or model that gave it. */
export function countAnswer(g: Group, response: ChatResponse, streamed: boolean): void {
  g.requests += 1;
  if (streamed) g.streamed += 1;
  addUsage(g, response.usage, response.costUsd);
}

/** Counts one attempt on the provider or model tried. */
export function countAttempt(g: Group, a: RouteAttempt): void {
  g.attempts += 1;
  if (a.retry > 0) g.retries += 1;
  if (a.outcome === 'skipped') g.skipped += 1;
  else if (a.outcome === 'error' && a.errorKind !== undefined) {
    g.failures.set(a.errorKind, (g.failures.get(a.errorKind) ?? 0) + 1);
  } else if (a.outcome === 'success') g.latency.record(a.latencyMs);
  if (a.timeToFirstTokenMs !== undefined) g.timeToFirstToken.record(a.timeToFirstTokenMs);
}

/** `provider:model` strings, built once per pair rather than concatenated on every request. */
export class PairNames {
  private readonly refs = new Map<string, Map<string, string>>();

  get(provider: string, model: string): string {
    let byModel = this.refs.get(provider);
    if (byModel === undefined) {
      byModel = new Map();
      this.refs.set(provider, byModel);
    }
    let ref = byModel.get(model);
    if (ref === undefined) {
      ref = `${provider}:${model}`;
      if (byModel.size < 10_000) byModel.set(model, ref);
    }
    return ref;
  }
}
