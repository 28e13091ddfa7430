import type { RouteTrace } from '@switchyard/core';

/** Formats a route trace as indented lines for the console. */
export function printRoute(route: RouteTrace, indent = '   '): string {
  const lines: string[] = [];
  const head = [
    route.tier ? `tier ${route.tier}` : undefined,
    route.category ? `category ${route.category}` : undefined,
    route.complexity,
  ]
    .filter(Boolean)
    .join(' · ');
  lines.push(`route: ${head ? `${head} · ` : ''}candidates ${route.candidates.join(' → ')}`);
  route.attempts.forEach((a, i) => {
    const what =
      a.outcome === 'success'
        ? 'ok'
        : a.outcome === 'skipped'
          ? `skipped (${a.skipReason})`
          : `failed: ${a.errorKind}${a.errorMessage ? ` (${a.errorMessage})` : ''}`;
    lines.push(
      `  attempt ${i + 1}${a.retry > 0 ? ` (retry ${a.retry})` : ''}: ${a.provider}:${a.model} ${what}, ${a.latencyMs} ms`,
    );
  });
  lines.push(`  why: ${route.reason}`);
  return lines.map((line) => indent + line).join('\n');
}
