import type { Clock } from '../time/clock.js';
import type { CategoryScoreLookup, CategoryScoreSource } from './builtin-policies.js';

/** The benchmark scores of one category, as the category policy reads them. */
export interface FreshCategoryEntry {
  /** Score by `provider:model`. */
  readonly scores: Readonly<Record<string, number>>;
  /** When the oldest of these scores was measured (ms since the epoch). */
  readonly at: number;
  /** The run (or runs) they came from, for the trace. */
  readonly runs: string;
}

/** Where the fresh scores are read from (the benchmark engine's in-memory copy). */
export interface FreshScoreReader {
  /** The scores of a category, or `undefined` when there are none. Synchronous: no I/O. */
  category(category: string): FreshCategoryEntry | undefined;
}

/**
 * The category policy's source when the benchmark engine is on: the latest benchmark scores of a
 * category while they are younger than `maxAgeMs`, else the static table (`fallback`), saying
 * in the trace which it used and why.
 */
export function freshOrStaticScores(
  fresh: FreshScoreReader,
  fallback: CategoryScoreSource | undefined,
  maxAgeMs: number,
  clock: Clock,
): CategoryScoreSource {
  const fromTable = (category: string, why: string): CategoryScoreLookup => {
    const scores = fallback?.scoresFor(category);
    return scores === undefined
      ? { scores: undefined, origin: `${why}, and the static table has none` }
      : { scores, origin: `the static table (${why})` };
  };
  const lookup = (category: string): CategoryScoreLookup => {
    const entry = fresh.category(category);
    if (entry === undefined) return fromTable(category, `no benchmark scores for ${category}`);
    const age = clock.now() - entry.at;
    if (age > maxAgeMs) {
      return fromTable(
        category,
        `benchmark scores for ${category} are stale: ${formatAge(age)} old, max ${formatAge(maxAgeMs)}`,
      );
    }
    return { scores: entry.scores, origin: `benchmark ${entry.runs} (${formatAge(age)} old)` };
  };
  return { lookup, scoresFor: (category) => lookup(category).scores };
}

/** `850 ms`, `42 s`, `5 min`, `3 h`, `2 d`. */
export function formatAge(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < 1_000) return `${Math.round(abs)} ms`;
  if (abs < 60_000) return `${Math.round(abs / 1_000)} s`;
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)} min`;
  if (abs < 86_400_000) return `${Math.round(abs / 3_600_000)} h`;
  return `${Math.round(abs / 86_400_000)} d`;
}
