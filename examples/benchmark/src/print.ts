import type { BenchmarkRun, ChatResponse, Router } from '@switchyard/core';

const usd = (n: number | undefined) => (n === undefined ? 'unpriced' : `$${n.toFixed(6)}`);
const ms = (n: number | undefined) => (n === undefined ? '-' : `${Math.round(n)} ms`);

/** The run's score table: one row per category and model, best first. */
export function scoreTable(run: BenchmarkRun): string {
  const rows = [
    ['category', 'model', 'score', 'quality', 'p50', 'p95', 'cost/test', 'failures'],
    ...run.scores.map((s) => [
      s.category,
      s.model,
      s.score.toFixed(3),
      s.meanQuality.toFixed(0),
      ms(s.p50LatencyMs),
      ms(s.p95LatencyMs),
      usd(s.costPerTestUsd),
      String(s.failures),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return [
    ...lines,
    `run ${run.id}: ${run.results.length} tests, estimate ${usd(run.estimateUsd)}, spent ${usd(run.spentUsd)} (cap $${run.spendCapUsd})`,
  ].join('\n');
}

/** One sample request per category, as the router routes it now. */
export const SAMPLES: readonly { readonly category: string; readonly prompt: string }[] = [
  {
    category: 'coding',
    prompt: 'Debug this python function, it crashes with a null pointer error.',
  },
  { category: 'math', prompt: 'Solve the equation 3x + 4 = 19.' },
  {
    category: 'research',
    prompt: 'Compare the research evidence on remote work and summarise the trends.',
  },
  { category: 'language', prompt: 'Correct the grammar and spelling of this sentence, please.' },
];

/** Sends each sample and prints where it went and why. */
export async function printRouting(router: Router): Promise<string[]> {
  const lines: string[] = [];
  for (const sample of SAMPLES) {
    const answer: ChatResponse = await router.chat({
      messages: [{ role: 'user', content: sample.prompt }],
    });
    const step = answer.route.steps.find((s) => s.policy === 'category-scores');
    lines.push(
      `${(answer.route.category ?? '?').padEnd(9)} → ${answer.provider}:${answer.model}  (${step?.note ?? answer.route.reason})`,
    );
  }
  return lines;
}
