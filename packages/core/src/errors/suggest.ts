import { distance } from 'fastest-levenshtein';

/**
 * The entry of `options` nearest to `name` by edit distance, when it is near enough to be a typo:
 * at most 2 edits (1 for a name of 3 characters or fewer; a swap of two letters is 2), or another
 * form of the same word (a shared start of 4 characters or more, then at most 3 more characters). Ties go to the
 * earlier option. Case is ignored. For error messages only: never on a request's hot path.
 */
export function nearest(name: string, options: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = name.length <= 3 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const option of options) {
    if (option === name) continue;
    const other = option.toLowerCase();
    let d = distance(lower, other);
    // Another form of the same word (`retries` for `retry`, `timeout` for `timeoutMs`): a shared
    // start of 4 characters or more, after which neither has more than 3 characters left.
    const shared = sharedStart(lower, other);
    if (d > limit && shared >= 4 && Math.max(lower.length, other.length) - shared <= 3)
      d = limit + 0.5;
    if (d < bestDistance) {
      best = option;
      bestDistance = d;
    }
  }
  return best;
}

function sharedStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** `' Did you mean "x"?'`, or `''` when there is nothing to suggest. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
}
