import { isPromise } from '../classify/classifier-runner.js';
import { AbortError } from '../errors/abort-error.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { CacheMode, ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { Clock } from '../time/clock.js';
import { cacheKey } from './cache-key.js';
import type { CacheEntry, CacheStore, CacheStoreStats } from './cache-store.js';
import { createMemoryCacheStore } from './memory-cache-store.js';

/** The router's cache settings. */
export interface CacheOptions {
  /** Where entries live. Defaults to an in-memory store bounded by `maxEntries` and `maxBytes`. */
  readonly store?: CacheStore | undefined;
  /** How long an answer stays cached. Defaults to 86 400 000 ms (24 hours). */
  readonly ttlMs?: number | undefined;
  /** For the default memory store: entries kept. Defaults to 10 000. */
  readonly maxEntries?: number | undefined;
  /** For the default memory store: approximate bytes kept. Defaults to 64 MiB. */
  readonly maxBytes?: number | undefined;
  /** Whether identical requests in flight at once share one upstream call. Defaults to `true`. */
  readonly coalesce?: boolean | undefined;
  /**
   * Whether a request may be cached at all. Defaults to requests without a temperature or with
   * temperature 0: a sampled answer is not a fact to replay.
   */
  readonly shouldCache?: ((request: ChatRequest) => boolean) | undefined;
}

/** Cache counters, in `router.stats().cache`. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Requests that waited for an identical request in flight instead of calling upstream. */
  readonly coalesced: number;
  readonly writes: number;
  /** Answers not written: errors, broken streams, error or content-filter finishes. */
  readonly rejected: number;
  /** Requests that skipped the cache: `bypass`, or refused by `shouldCache`. */
  readonly skipped: number;
  readonly refreshes: number;
  /** `hits + coalesced` over everything that consulted the cache. */
  readonly hitRate: number;
  readonly store: CacheStoreStats | undefined;
}

/** What the cache decided for one request. */
export interface CacheDecision {
  readonly key: string;
  readonly ttlMs: number;
  /** `read`: look up, then write on a miss; `refresh`: skip the lookup, write the new answer. */
  readonly mode: 'read' | 'refresh';
}

/** A request in flight that identical requests can wait for. */
export class Flight {
  /** Callers waiting, the first one included. */
  waiters = 1;
  promise: Promise<ChatResponse> = undefined as unknown as Promise<ChatResponse>;
  /** The upstream request, once it has started. */
  state: { cancel(error: SwitchyardError): void } | undefined = undefined;

  constructor(readonly key: string) {}

  /**
   * Cancels the upstream call (when every waiter has gone), with the last waiter's reason: its
   * abort, or its time limit (so the call is counted as timed out, not aborted).
   */
  cancel(error: Error): void {
    this.state?.cancel(SwitchyardError.isInstance(error) ? error : new AbortError(error.message));
  }
}

const DAY_MS = 86_400_000;

/** The response cache: keys, policy, lookups, writes, coalescing and counters. */
export class ResponseCache {
  readonly store: CacheStore;
  readonly coalesce: boolean;
  readonly flights = new Map<string, Flight>();
  private readonly ttlMs: number;
  private readonly shouldCache: (request: ChatRequest) => boolean;
  private counts = {
    hits: 0,
    misses: 0,
    coalesced: 0,
    writes: 0,
    rejected: 0,
    skipped: 0,
    refreshes: 0,
  };

  constructor(
    options: CacheOptions,
    private readonly clock: Clock,
    private readonly onStoreError: (error: unknown) => void,
  ) {
    this.store =
      options.store ??
      createMemoryCacheStore({ maxEntries: options.maxEntries, maxBytes: options.maxBytes, clock });
    this.ttlMs = options.ttlMs ?? DAY_MS;
    this.coalesce = options.coalesce ?? true;
    this.shouldCache =
      options.shouldCache ?? ((r) => r.temperature === undefined || r.temperature === 0);
  }

  /** Whether and how a request uses the cache; `undefined` when it does not. */
  decide(request: ChatRequest): CacheDecision | undefined {
    const control = request.cache;
    const mode: CacheMode = typeof control === 'string' ? control : (control?.mode ?? 'default');
    if (mode === 'bypass' || !this.shouldCache(request)) {
      this.counts.skipped += 1;
      return undefined;
    }
    const options = typeof control === 'object' ? control : undefined;
    const scope = options?.scope ?? request.tenant ?? '';
    if (mode === 'refresh') this.counts.refreshes += 1;
    return {
      key: cacheKey(request, scope, options?.keyMetadata),
      ttlMs: options?.ttlMs ?? this.ttlMs,
      mode: mode === 'refresh' ? 'refresh' : 'read',
    };
  }

  /**
   * Looks an entry up. A failing shared store answers `undefined` (reported). The caller counts
   * the result with `count` (once the wait for a slow store has been bounded).
   */
  read(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    let found: CacheEntry | undefined | Promise<CacheEntry | undefined>;
    try {
      found = this.store.get(key);
    } catch (error) {
      this.onStoreError(error);
      return undefined;
    }
    if (isPromise(found)) {
      return found.then(undefined, (error: unknown) => {
        this.onStoreError(error);
        return undefined;
      });
    }
    return found;
  }

  /** Writes an answer unless it must never be cached. Never throws; a failing store is reported. */
  write(decision: CacheDecision, response: ChatResponse): void {
    if (response.finishReason === 'error' || response.finishReason === 'content-filter') {
      this.counts.rejected += 1;
      return;
    }
    const now = this.clock.now();
    const entry: CacheEntry = {
      v: 1,
      text: response.text,
      toolCalls: response.toolCalls,
      finishReason: response.finishReason,
      rawFinishReason: response.rawFinishReason,
      usage: response.usage,
      provider: response.provider,
      model: response.model,
      id: response.id,
      ...(response.continuation !== undefined && { continuation: response.continuation }),
      createdAt: now,
      expiresAt: now + decision.ttlMs,
    };
    this.counts.writes += 1;
    try {
      const written = this.store.set(decision.key, entry, decision.ttlMs);
      if (isPromise(written)) written.catch((error: unknown) => this.onStoreError(error));
    } catch (error) {
      this.onStoreError(error);
    }
  }

  /** Counts an answer that will not be written (an error, a broken stream). */
  reject(): void {
    this.counts.rejected += 1;
  }

  /** Counts a request that waited for an identical one in flight. */
  countCoalesced(): void {
    this.counts.coalesced += 1;
  }

  /** A snapshot of the counters (with the store's own, when it keeps them synchronously). */
  stats(): CacheStats {
    const c = this.counts;
    const consulted = c.hits + c.misses + c.coalesced;
    const store = this.store.stats?.();
    return {
      ...c,
      hitRate: consulted === 0 ? 0 : (c.hits + c.coalesced) / consulted,
      store: store === undefined || isPromise(store) ? undefined : store,
    };
  }

  reset(): void {
    this.counts = {
      hits: 0,
      misses: 0,
      coalesced: 0,
      writes: 0,
      rejected: 0,
      skipped: 0,
      refreshes: 0,
    };
  }

  /** Counts a lookup's result as a hit or a miss; an entry past its time is a miss (`undefined`). */
  count(entry: CacheEntry | undefined): CacheEntry | undefined {
    // A shared store may hand back an entry past its time; treat it as absent.
    if (entry !== undefined && entry.expiresAt >= this.clock.now()) {
      this.counts.hits += 1;
      return entry;
    }
    this.counts.misses += 1;
    return undefined;
  }
}
