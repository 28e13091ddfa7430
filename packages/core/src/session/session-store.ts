import { LRUCache } from 'lru-cache';
import type { Clock } from '../time/clock.js';
import { systemClock } from '../time/clock.js';

/** What the router remembers about a conversation, for session affinity. */
export interface SessionState {
  /** The provider answering the current topic. */
  readonly provider: string;
  /** The `provider:model` that answered last. */
  readonly candidate: string;
  /** The current topic (the classifier's category). */
  readonly category: string;
  /** How many times the session has switched provider. */
  readonly switches: number;
  /** When the state was written (ms since the epoch). */
  readonly updatedAt: number;
}

/**
 * Where session affinity lives. The memory store serves one process; `@switchyard/redis` shares
 * sessions across instances. Methods may be synchronous or return promises.
 */
export interface SessionStore {
  get(sessionId: string): SessionState | undefined | Promise<SessionState | undefined>;
  /** Stores `state`, expiring it after `ttlMs` without activity. */
  set(sessionId: string, state: SessionState, ttlMs: number): void | Promise<void>;
  delete(sessionId: string): void | Promise<void>;
  /** Releases connections or timers, if any. */
  close?(): void | Promise<void>;
}

/** Options of {@link createMemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** Sessions kept; the least recently used go first. Defaults to 10 000. */
  readonly maxSessions?: number | undefined;
  /** Source of time for expiry. Defaults to the system clock. */
  readonly clock?: Clock | undefined;
}

/** The in-memory session store: synchronous. */
export interface MemorySessionStore extends SessionStore {
  get(sessionId: string): SessionState | undefined;
  set(sessionId: string, state: SessionState, ttlMs: number): void;
  delete(sessionId: string): void;
  close(): void;
  /** Sessions held. */
  readonly size: number;
}

/** An in-process session store on lru-cache, bounded in count, with per-entry TTL and no timers. */
export function createMemorySessionStore(
  options: MemorySessionStoreOptions = {},
): MemorySessionStore {
  const clock = options.clock ?? systemClock;
  const cache = new LRUCache<string, SessionState>({
    max: options.maxSessions ?? 10_000,
    // ttlResolution 0: read the clock on every check rather than caching it behind a timer.
    ttlResolution: 0,
    ttlAutopurge: false,
    updateAgeOnGet: true,
    perf: { now: () => clock.now() },
  });
  return {
    get: (sessionId) => cache.get(sessionId),
    set: (sessionId, state, ttlMs) => {
      cache.set(sessionId, state, { ttl: ttlMs });
    },
    delete: (sessionId) => {
      cache.delete(sessionId);
    },
    close: () => {
      cache.clear();
    },
    get size() {
      return cache.size;
    },
  };
}
