import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fenced TypeScript block of a docs page. */
export interface Snippet {
  /** `testing.md:95`: the page and the line of the opening fence. */
  readonly where: string;
  readonly code: string;
  /** The reason given in a `<!-- docs-check: skip (reason) -->` line just before the fence. */
  readonly skip: string | undefined;
}

const SKIP = /^<!--\s*docs-check:\s*skip\s*\((.+)\)\s*-->$/;

/**
 * Every ```ts (or ```typescript) block of every `*.md` file in `dir`, in order. A block is skipped
 * only when the last non-blank line before its fence is `<!-- docs-check: skip (reason) -->` with
 * a reason; a skip marker without a reason is reported as a problem.
 */
export function extractSnippets(dir: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i] as string)) continue;
      const start = i;
      const body: string[] = [];
      for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++)
        body.push(lines[i] as string);
      let before = start - 1;
      while (before >= 0 && (lines[before] as string).trim() === '') before -= 1;
      const marker = before >= 0 ? (lines[before] as string).trim() : '';
      const skip = SKIP.exec(marker)?.[1]?.trim();
      if (skip === undefined && /docs-check/.test(marker))
        throw new Error(
          `${name}:${before + 1}: a docs-check marker needs the form <!-- docs-check: skip (reason) -->`,
        );
      snippets.push({ where: `${name}:${start + 1}`, code: body.join('\n'), skip });
    }
  }
  return snippets;
}
