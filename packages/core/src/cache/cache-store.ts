import type { ProviderContinuation } from '../provider/continuation.js';
import type { FinishReason } from '../provider/finish-reason.js';
import type { ToolCall } from '../provider/tool.js';
import type { Usage } from '../provider/usage.js';

/** A cached answer: plain JSON-serialisable data, so shared stores can keep it as text. */
export interface CacheEntry {
  /** Format version of the entry. */
  readonly v: 1;
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
  readonly finishReason: FinishReason;
  readonly rawFinishReason?: string | undefined;
  /** The usage of the call that produced the answer. */
  readonly usage: Usage;
  readonly provider: string;
  readonly model: string;
  readonly id?: string | undefined;
  /**
   * The answer's vendor state for the next turn (signed thinking), so that a cached answer can
   * continue a tool loop like a fresh one. Reasoning text is not kept.
   */
  readonly continuation?: ProviderContinuation | undefined;
  /** When it was written and when it expires (ms since the epoch). */
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** What a store can say about itself. */
export interface CacheStoreStats {
  readonly entries: number;
  /** Approximate bytes held. */
  readonly bytes: number;
  /** Entries dropped to respect a size bound (not expiries). */
  readonly evictions: number;
}

/**
 * Where cached answers live. The memory store serves one process; `@switchyard/redis` shares
 * entries across instances; `createLayeredCacheStore` puts one in front of the other. Methods
 * may be synchronous or return promises. `@switchyard/testing/contract` has the contract suite a
 * store must pass.
 */
export interface CacheStore {
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /** Stores `entry`, expiring it after `ttlMs`. */
  set(key: string, entry: CacheEntry, ttlMs: number): void | Promise<void>;
  delete(key: string): void | Promise<void>;
  clear(): void | Promise<void>;
  /** Counts, when the store keeps them. */
  stats?(): CacheStoreStats | Promise<CacheStoreStats>;
  /** Releases connections or memory. */
  close?(): void | Promise<void>;
}

/** Approximate bytes an entry occupies (UTF-16 text plus fixed overhead). */
export function entryBytes(entry: CacheEntry): number {
  let bytes = 256 + entry.text.length * 2 + entry.provider.length * 2 + entry.model.length * 2;
  for (const call of entry.toolCalls) {
    bytes += 64 + call.name.length * 2 + JSON.stringify(call.arguments).length * 2;
    if (call.continuation !== undefined) bytes += JSON.stringify(call.continuation).length * 2;
  }
  if (entry.continuation !== undefined) bytes += JSON.stringify(entry.continuation).length * 2;
  return bytes;
}
