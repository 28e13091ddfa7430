import { LRUCache } from 'lru-cache';
import type { BreakerHealth } from '../breaker/circuit-breaker.js';
import type { CacheStats } from '../cache/response-cache.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { RouteAttempt } from '../provider/route-trace.js';
import type { Usage } from '../provider/usage.js';
import type { ExtractionRecord } from './extraction-record.js';
import type {
  ExtractionStats,
  GroupStats,
  RouterStats,
  SessionStats,
  StatsOptions,
  ToolStats,
} from './router-stats.js';
import {
  addUsage,
  countAnswer,
  countAttempt,
  Group,
  PairNames,
  SessionGroup,
} from './stats-group.js';

export type {
  ExtractionStats,
  GroupStats,
  RouterStats,
  SessionStats,
  StatsOptions,
  TokenTotals,
  ToolStats,
} from './router-stats.js';

const OTHER = '(other)';

/** Collects the router's statistics; every update is a few counter increments. */
export class StatsCollector {
  private since: number;
  private totalGroup = new Group();
  private dims = {
    provider: new Map<string, Group>(),
    model: new Map<string, Group>(),
    alias: new Map<string, Group>(),
    intent: new Map<string, Group>(),
    category: new Map<string, Group>(),
    widget: new Map<string, Group>(),
    tenant: new Map<string, Group>(),
  };
  private sessions: LRUCache<string, SessionGroup>;
  private extraction = new Map<
    string,
    { success: number; failure: number; repaired: number; localRepairs: number }
  >();
  private tools = new Map<string, { calls: number; errors: number; latencyMs: number }>();
  private readonly maxKeys: number;

  constructor(
    private readonly now: () => number,
    options: StatsOptions = {},
  ) {
    this.since = now();
    this.maxKeys = options.maxKeysPerDimension ?? 1_000;
    this.sessions = new LRUCache({ max: options.maxSessions ?? 1_000 });
  }

  /** Counts an answered request. `ref` is the answering `provider:model`, when the caller has it. */
  recordResponse(
    response: ChatResponse,
    request: ChatRequest,
    streamed: boolean,
    ref?: string,
  ): void {
    const route = response.route;
    const widget = widgetOf(request);
    const groups = this.requestGroups(
      route.tier,
      route.intent,
      route.category,
      widget,
      request.tenant,
    );
    const usage = response.cached ? undefined : response.usage;
    for (const g of groups) {
      g.requests += 1;
      if (response.cached) g.cached += 1;
      if (streamed) g.streamed += 1;
      g.latency.record(response.latencyMs);
      if (usage !== undefined) addUsage(g, usage, response.costUsd);
    }
    if (!response.cached) {
      const answering = this.group(this.dims.provider, response.provider);
      const model = this.group(
        this.dims.model,
        ref ??
          this.names.get(response.provider, lastSuccessModel(route.attempts) ?? response.model),
      );
      countAnswer(answering, response, streamed);
      countAnswer(model, response, streamed);
      this.countAttempts(route.attempts, groups, true);
    }
    this.session(request, false, usage, response.costUsd);
  }

  /** Counts a request that failed. */
  recordError(
    error: SwitchyardError,
    request: ChatRequest,
    latencyMs: number,
    streamed: boolean,
  ): void {
    const route = error.route;
    const groups = this.requestGroups(
      route?.tier,
      route?.intent,
      route?.category,
      widgetOf(request),
      request.tenant,
    );
    for (const g of groups) {
      g.requests += 1;
      g.errors += 1;
      g.errorKinds.set(error.kind, (g.errorKinds.get(error.kind) ?? 0) + 1);
      if (streamed) g.streamed += 1;
      g.latency.record(latencyMs);
    }
    this.countAttempts(route?.attempts ?? [], groups, false);
    this.session(request, true, undefined, undefined);
  }

  recordExtraction(record: ExtractionRecord): void {
    let e = this.extraction.get(record.widget);
    if (e === undefined) {
      e = { success: 0, failure: 0, repaired: 0, localRepairs: 0 };
      this.extraction.set(record.widget, e);
    }
    e.localRepairs += record.localRepairs ?? 0;
    if (record.success) {
      e.success += 1;
      if (record.attempts > 1) e.repaired += 1;
    } else e.failure += 1;
  }

  /** One tool call the router ran in a `maxSteps` loop. */
  recordTool(name: string, latencyMs: number, failed: boolean): void {
    let t = this.tools.get(name);
    if (t === undefined) {
      t = { calls: 0, errors: 0, latencyMs: 0 };
      this.tools.set(name, t);
    }
    t.calls += 1;
    t.latencyMs += latencyMs;
    if (failed) t.errors += 1;
  }

  snapshot(cache: CacheStats | undefined, breakers: readonly BreakerHealth[]): RouterStats {
    const dim = (map: Map<string, Group>) => {
      const out: Record<string, GroupStats> = {};
      for (const [key, g] of map) out[key] = g.snapshot();
      return out;
    };
    const bySession: Record<string, SessionStats> = {};
    for (const [id, s] of this.sessions.entries()) {
      bySession[id] = {
        requests: s.requests,
        errors: s.errors,
        tokens: { input: s.input, output: s.output, total: s.total, cachedInput: s.cachedInput },
        costUsd: s.costUsd,
      };
    }
    const extraction: Record<string, ExtractionStats> = {};
    for (const [widget, e] of this.extraction) {
      const n = e.success + e.failure;
      extraction[widget] = { ...e, successRate: n === 0 ? 0 : e.success / n };
    }
    const byTool: Record<string, ToolStats> = {};
    for (const [name, t] of this.tools)
      byTool[name] = { calls: t.calls, errors: t.errors, meanLatencyMs: t.latencyMs / t.calls };
    return {
      since: this.since,
      byTool,
      total: this.totalGroup.snapshot(),
      byProvider: dim(this.dims.provider),
      byModel: dim(this.dims.model),
      byAlias: dim(this.dims.alias),
      byIntent: dim(this.dims.intent),
      byCategory: dim(this.dims.category),
      byWidget: dim(this.dims.widget),
      byTenant: dim(this.dims.tenant),
      bySession,
      cache,
      breakers,
      extraction,
    };
  }

  reset(): void {
    this.since = this.now();
    this.totalGroup = new Group();
    for (const map of Object.values(this.dims)) map.clear();
    this.sessions.clear();
    this.extraction.clear();
    this.tools.clear();
  }

  // Reused for every request: recording is synchronous, so one array serves all calls.
  private readonly scratch: Group[] = [];

  private requestGroups(
    tier: string | undefined,
    intent: string | undefined,
    category: string | undefined,
    widget: string | undefined,
    tenant: string | undefined,
  ): Group[] {
    const groups = this.scratch;
    groups.length = 0;
    groups.push(this.totalGroup);
    if (tier !== undefined) groups.push(this.group(this.dims.alias, tier));
    if (intent !== undefined) groups.push(this.group(this.dims.intent, intent));
    if (category !== undefined) groups.push(this.group(this.dims.category, category));
    if (widget !== undefined) groups.push(this.group(this.dims.widget, widget));
    if (tenant !== undefined) groups.push(this.group(this.dims.tenant, tenant));
    return groups;
  }

  /** Attempt-level counts: on the provider and model tried, and on the request's groups. */
  private countAttempts(
    attempts: readonly RouteAttempt[],
    groups: readonly Group[],
    answered: boolean,
  ): void {
    let firstRef: string | undefined;
    let retries = 0;
    // The stream attempt that committed (at most one per request produced a first part).
    let firstToken: number | undefined;
    for (const a of attempts) {
      const ref = this.names.get(a.provider, a.model);
      firstRef ??= ref;
      const provider = this.group(this.dims.provider, a.provider);
      const model = this.group(this.dims.model, ref);
      // Two calls rather than a loop over a fresh two-element array: this runs per attempt.
      countAttempt(provider, a);
      countAttempt(model, a);
      if (a.retry > 0) retries += 1;
      if (a.timeToFirstTokenMs !== undefined) firstToken = a.timeToFirstTokenMs;
    }
    const last = attempts[attempts.length - 1];
    const fellBack =
      answered && last !== undefined && this.names.get(last.provider, last.model) !== firstRef;
    for (const g of groups) {
      g.attempts += attempts.length;
      g.retries += retries;
      for (const a of attempts) {
        if (a.outcome === 'skipped') g.skipped += 1;
        else if (a.outcome === 'error' && a.errorKind !== undefined) {
          g.failures.set(a.errorKind, (g.failures.get(a.errorKind) ?? 0) + 1);
        }
      }
      if (fellBack) g.fallbacks += 1;
      if (firstToken !== undefined) g.timeToFirstToken.record(firstToken);
    }
    if (fellBack) {
      const answering = this.group(this.dims.provider, (last as RouteAttempt).provider);
      answering.fallbacks += 1;
    }
  }

  private readonly names = new PairNames();

  private group(map: Map<string, Group>, key: string): Group {
    let g = map.get(key);
    if (g === undefined) {
      // Keys come from requests (intents, tenants): bound them so a flood of distinct values
      // cannot grow memory without limit.
      const bounded = map.size >= this.maxKeys ? OTHER : key;
      g = map.get(bounded);
      if (g === undefined) {
        g = new Group();
        map.set(bounded, g);
      }
    }
    return g;
  }

  private session(
    request: ChatRequest,
    failed: boolean,
    usage: Usage | undefined,
    cost: number | undefined,
  ): void {
    const id = request.sessionId;
    if (id === undefined) return;
    let s = this.sessions.get(id);
    if (s === undefined) {
      s = new SessionGroup();
      this.sessions.set(id, s);
    }
    s.requests += 1;
    if (failed) s.errors += 1;
    if (usage !== undefined) {
      s.input += usage.inputTokens;
      s.output += usage.outputTokens;
      s.total += usage.totalTokens;
      s.cachedInput += usage.cachedInputTokens ?? 0;
      s.costUsd += cost ?? 0;
    }
  }
}

function widgetOf(request: ChatRequest): string | undefined {
  const widget = request.metadata?.widget;
  return typeof widget === 'string' ? widget : undefined;
}

function lastSuccessModel(attempts: readonly RouteAttempt[]): string | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) {
    const a = attempts[i];
    if (a?.outcome === 'success') return a.model;
  }
  return undefined;
}
