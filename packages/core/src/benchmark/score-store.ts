import type { ModelCategoryScore } from './benchmark-results.js';

/**
 * Where benchmark scores live, shared by every router that reads them. Each method may return a
 * promise, so a store can sit on a network (the Redis store follows this interface). The router
 * keeps a copy of the latest scores in memory for its category policy, refreshed after each run
 * and each scheduler tick: no store call is ever on the request path.
 */
export interface ScoreStore {
  /** Saves the scores of one run (one per model and category). */
  save(scores: readonly ModelCategoryScore[]): void | Promise<void>;
  /** The newest score of every model and category, whatever run it came from. */
  latest(): readonly ModelCategoryScore[] | Promise<readonly ModelCategoryScore[]>;
  /** Releases connections. The router calls it on `close()` only for a store it created. */
  close?(): void | Promise<void>;
}

/** Options of {@link createMemoryScoreStore}. */
export interface MemoryScoreStoreOptions {
  /** Scores kept per model and category, newest first (the history a host may read). Defaults to 10. */
  readonly history?: number | undefined;
}

/** The in-memory score store, with a short history per model and category. */
export interface MemoryScoreStore extends ScoreStore {
  latest(): readonly ModelCategoryScore[];
  /** The kept scores of one model in one category, newest first. */
  history(category: string, model: string): readonly ModelCategoryScore[];
}

/**
 * A score store in this process's memory: what a router uses when you give none. Scores are lost
 * on restart; share them across instances with the Redis store.
 */
export function createMemoryScoreStore(options: MemoryScoreStoreOptions = {}): MemoryScoreStore {
  const keep = options.history ?? 10;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new TypeError(`history must be a whole number ≥ 1, got ${keep}.`);
  }
  const byKey = new Map<string, ModelCategoryScore[]>();
  const key = (category: string, model: string) => `${category}\u0000${model}`;
  return {
    save(scores) {
      for (const score of scores) {
        const k = key(score.category, score.model);
        const list = byKey.get(k) ?? [];
        // Newest first, by the run's time: a slow run saved late never hides a newer one.
        list.push(score);
        list.sort((a, b) => b.at - a.at);
        if (list.length > keep) list.length = keep;
        byKey.set(k, list);
      }
    },
    latest() {
      const out: ModelCategoryScore[] = [];
      for (const list of byKey.values()) if (list[0] !== undefined) out.push(list[0]);
      return out;
    },
    history(category, model) {
      return [...(byKey.get(key(category, model)) ?? [])];
    },
  };
}
