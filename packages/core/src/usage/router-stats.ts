import type { BreakerHealth } from '../breaker/circuit-breaker.js';
import type { CacheStats } from '../cache/response-cache.js';
import type { ErrorKind } from '../errors/error-kind.js';
import type { LatencySummary } from './latency-histogram.js';

/** Token totals. */
export interface TokenTotals {
  readonly input: number;
  readonly output: number;
  readonly total: number;
  /** Prompt tokens served from the vendors' prompt caches. */
  readonly cachedInput: number;
}

/** Statistics of one group of requests (all, a provider, a model, an alias, an intent, ...). */
export interface GroupStats {
  /** Requests that ended in this group (answered or failed). */
  readonly requests: number;
  /** Requests that ended in an error. */
  readonly errors: number;
  /** Requests that ended in an error, by the kind of that error. */
  readonly errorsByKind: Readonly<Partial<Record<ErrorKind, number>>>;
  /** Attempts (tries of a candidate) made for these requests, skips included. */
  readonly attempts: number;
  /** Attempts that failed, by error kind. */
  readonly failuresByKind: Readonly<Partial<Record<ErrorKind, number>>>;
  /** Candidates skipped without a call (open breaker, context window, ...). */
  readonly skipped: number;
  /** Retries of the same candidate. */
  readonly retries: number;
  /** Requests answered by a candidate other than the first one tried. */
  readonly fallbacks: number;
  /** Answers served by the cache or by an identical request in flight. */
  readonly cached: number;
  readonly streamed: number;
  /** Request latency (for providers and models: latency of their successful attempts). */
  readonly latency: LatencySummary;
  /**
   * Streams: time to first token, from the start of the stream attempt to the provider's first
   * part (for requests: of the attempt that answered or committed; for providers and models: of
   * each of their stream attempts that produced a part). Empty without streams.
   */
  readonly timeToFirstToken: LatencySummary;
  readonly tokens: TokenTotals;
  readonly costUsd: number;
  /** Answers whose model has no price (their cost is not in `costUsd`). */
  readonly unpriced: number;
}

/** Per-session counts (no latency histogram: sessions are many). */
export interface SessionStats {
  readonly requests: number;
  readonly errors: number;
  readonly tokens: TokenTotals;
  readonly costUsd: number;
}

/** Extraction outcomes of one widget. */
export interface ExtractionStats {
  readonly success: number;
  readonly failure: number;
  /** `success / (success + failure)`. */
  readonly successRate: number;
  /** Extractions that needed a repair or an escalation before succeeding. */
  readonly repaired: number;
  /**
   * Answers whose JSON parsed only after a local repair (trailing commas, single quotes, missing
   * commas), each saving a model repair call.
   */
  readonly localRepairs: number;
}

/** `router.stats()`: a snapshot of everything the router has counted since the last reset. */
export interface RouterStats {
  /** When counting started (creation or the last `resetStats()`), ms since the epoch. */
  readonly since: number;
  readonly total: GroupStats;
  readonly byProvider: Readonly<Record<string, GroupStats>>;
  /** By `provider:model`. */
  readonly byModel: Readonly<Record<string, GroupStats>>;
  /** By the alias (tier) the candidates came from. */
  readonly byAlias: Readonly<Record<string, GroupStats>>;
  readonly byIntent: Readonly<Record<string, GroupStats>>;
  readonly byCategory: Readonly<Record<string, GroupStats>>;
  /** By widget (requests sent by a widget registry). */
  readonly byWidget: Readonly<Record<string, GroupStats>>;
  readonly byTenant: Readonly<Record<string, GroupStats>>;
  /** The most recently active sessions (bounded). */
  readonly bySession: Readonly<Record<string, SessionStats>>;
  readonly cache: CacheStats | undefined;
  readonly breakers: readonly BreakerHealth[];
  readonly extraction: Readonly<Record<string, ExtractionStats>>;
  /** Tools the router ran in `maxSteps` loops, by name. Empty when none ran. */
  readonly byTool: Readonly<Record<string, ToolStats>>;
}

/** Options of the statistics. */
export interface StatsOptions {
  /** Sessions tracked in `bySession` (least recently active dropped first). Defaults to 1 000. */
  readonly maxSessions?: number | undefined;
  /** Distinct keys tracked per dimension (intent, category, tenant, ...); further ones go to `(other)`. Defaults to 1 000. */
  readonly maxKeysPerDimension?: number | undefined;
}

/** One tool's calls in `maxSteps` loops. */
export interface ToolStats {
  readonly calls: number;
  /** Calls that failed (unknown tool, invalid arguments, timeout, threw). */
  readonly errors: number;
  /** Mean time a call took, in milliseconds. */
  readonly meanLatencyMs: number;
}
