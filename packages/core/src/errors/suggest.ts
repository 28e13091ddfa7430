import { distance } from 'fastest-levenshtein';

/**
 * The entry of `options` nearest to `name` by edit distance, when it is near enough to be a typo:
 * at most 2 edits (1 for a name of 3 characters or fewer; a swap of two letters is 2). Ties go to
 * the earlier option. Case is ignored. For error messages only: never on a request's hot path.
 */
export function nearest(name: string, options: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = name.length <= 3 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const option of options) {
    if (option === name) continue;
    const d = distance(lower, option.toLowerCase());
    if (d < bestDistance) {
      best = option;
      bestDistance = d;
    }
  }
  return best;
}

/** `' Did you mean "x"?'`, or `''` when there is nothing to suggest. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
}
