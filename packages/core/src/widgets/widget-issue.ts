/** One reason a model's answer was not accepted as widget data. */
export interface WidgetIssue {
  /** Where in the data: `['activities', 0, 'durationMinutes']`; empty for the whole answer. */
  readonly path: readonly (string | number)[];
  /** What is wrong, in words (zod's message, or why no JSON could be read). */
  readonly message: string;
}

/** `activities[0].durationMinutes`, or `(root)` for an empty path. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/** `path: message`, the form issues take in prompts, events and error messages. */
export function formatIssue(issue: WidgetIssue): string {
  return `${formatIssuePath(issue.path)}: ${issue.message}`;
}

/** Issues from zod's `error.issues` (symbol keys, which JSON cannot hold, become strings). */
export function issuesFromZod(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
): WidgetIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
  }));
}
