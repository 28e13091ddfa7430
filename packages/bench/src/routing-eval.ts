import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Complexity, createRuleClassifier, type Message } from '@switchyard/core';
import { evaluatePair, modelFileFacts, type PairRow, tune } from './learned-eval.js';
import { type BenchRow, evaluateBench } from './routerbench-eval.js';

// Evaluates the default rule classifier as a router on real per-prompt outcomes of real models
// (no live model is reachable from the build machines): complex prompts go to the strong model,
// simple ones to the cheap one. The data is read where it lives and never copied into the repo.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = process.env.SWITCHYARD_ROUTING_DATA ?? resolve(root, '../shared/data/routing-eval');
const write = process.argv.includes('--write');

if (!existsSync(join(dataDir, 'routellm'))) {
  process.stdout.write(
    `Routing data not found at ${dataDir}; set SWITCHYARD_ROUTING_DATA to the routing-eval folder.\n`,
  );
  process.exit(0);
}

const classifier = createRuleClassifier();
const complexity = (prompt: string, previous: readonly string[] = []): Complexity => {
  const messages: Message[] = [
    ...previous.flatMap((p) => [
      { role: 'user' as const, content: p },
      { role: 'assistant' as const, content: '…' },
    ]),
    { role: 'user', content: prompt },
  ];
  return classifier.classify({ text: prompt, messages, request: { messages } }).complexity;
};
const readJsonl = (file: string) =>
  readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface Result {
  readonly benchmark: string;
  readonly n: number;
  readonly strongShare: number;
  readonly router: number;
  readonly weak: number;
  readonly strong: number;
  readonly random: number;
  readonly metric: string;
  readonly cost?: { router: number; weak: number; strong: number } | undefined;
}
const results: Result[] = [];

// RouteLLM: Mixtral-8x7B (cheap) vs GPT-4-1106 (strong); the development set.
const WEAK = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const STRONG = 'gpt-4-1106-preview';
for (const [file, name] of [
  ['routellm/mmlu.jsonl', 'MMLU'],
  ['routellm/gsm8k.jsonl', 'GSM8K'],
] as const) {
  const rows = readJsonl(file).filter((r) => r.contaminated !== true);
  let strongCalls = 0;
  let router = 0;
  let weak = 0;
  let strong = 0;
  for (const row of rows) {
    const correct = row.correct as Record<string, boolean>;
    const useStrong = complexity(row.prompt as string) === 'complex';
    if (useStrong) strongCalls += 1;
    router += correct[useStrong ? STRONG : WEAK] ? 1 : 0;
    weak += correct[WEAK] ? 1 : 0;
    strong += correct[STRONG] ? 1 : 0;
  }
  const n = rows.length;
  const share = strongCalls / n;
  results.push({
    benchmark: `${name} (RouteLLM, development)`,
    n,
    strongShare: share,
    router: router / n,
    weak: weak / n,
    strong: strong / n,
    random: (share * strong + (1 - share) * weak) / n,
    metric: 'accuracy',
  });
}
{
  const rows = readJsonl('routellm/mt_bench.jsonl').filter((r) => r.contaminated !== true);
  let strongCalls = 0;
  let router = 0;
  let weak = 0;
  let strong = 0;
  for (const row of rows) {
    const score = row.score as Record<string, number>;
    const useStrong =
      complexity(row.prompt as string, row.previous_turns as string[]) === 'complex';
    if (useStrong) strongCalls += 1;
    router += score[useStrong ? STRONG : WEAK] ?? 0;
    weak += score[WEAK] ?? 0;
    strong += score[STRONG] ?? 0;
  }
  const n = rows.length;
  const share = strongCalls / n;
  results.push({
    benchmark: 'MT-Bench (RouteLLM, development)',
    n,
    strongShare: share,
    router: router / n,
    weak: weak / n,
    strong: strong / n,
    random: (share * strong + (1 - share) * weak) / n,
    metric: 'judge score 1–10',
  });
}

// RouterBench subset, test split: the held-out check. fast = GPT-3.5-turbo, strong = GPT-4.
{
  const FAST = 'gpt-3.5-turbo-1106';
  const rows = readJsonl('routerbench-subset/routerbench_subset.jsonl').filter(
    (r) => r.split_routerdc === 'test' && (r.score as Record<string, number | null>)[FAST] !== null,
  );
  for (const benchmark of ['arc-challenge', 'winogrande', 'mbpp', 'all']) {
    const subset = benchmark === 'all' ? rows : rows.filter((r) => r.benchmark === benchmark);
    let strongCalls = 0;
    let router = 0;
    let weak = 0;
    let strong = 0;
    let costRouter = 0;
    let costWeak = 0;
    let costStrong = 0;
    for (const row of subset) {
      const score = row.score as Record<string, number>;
      const cost = row.cost_usd as Record<string, number>;
      const useStrong = complexity(row.prompt as string) === 'complex';
      if (useStrong) strongCalls += 1;
      router += score[useStrong ? STRONG : FAST] ?? 0;
      weak += score[FAST] ?? 0;
      strong += score[STRONG] ?? 0;
      costRouter += cost[useStrong ? STRONG : FAST] ?? 0;
      costWeak += cost[FAST] ?? 0;
      costStrong += cost[STRONG] ?? 0;
    }
    const n = subset.length;
    const share = strongCalls / n;
    results.push({
      benchmark: `${benchmark} (RouterBench test split, held out)`,
      n,
      strongShare: share,
      router: router / n,
      weak: weak / n,
      strong: strong / n,
      random: (share * strong + (1 - share) * weak) / n,
      metric: 'accuracy',
      cost: { router: costRouter, weak: costWeak, strong: costStrong },
    });
  }
}

// The learned router (see learned-eval.ts), unless --rules-only.
const learnedSections: string[] = [];
const charts: [string, string][] = [];
if (!process.argv.includes('--rules-only')) {
  const pairRows = (file: string): PairRow[] =>
    readJsonl(file)
      .filter((r) => r.contaminated !== true)
      .map((r) => {
        const correct = r.correct as Record<string, boolean>;
        return {
          prompt: r.prompt as string,
          group: r.category as string,
          cheap: correct[WEAK] ? 1 : 0,
          strong: correct[STRONG] ? 1 : 0,
        };
      });
  const ruleOf = (name: string) => {
    const r = results.find((x) => x.benchmark.startsWith(name)) as Result;
    return { share: r.strongShare, quality: r.router / r.strong };
  };
  // --routerbench-only prints the RouterBench tables alone (a few minutes less); --write then
  // leaves the page alone.
  const benchOnly = process.argv.includes('--routerbench-only');
  const mmlu = pairRows('routellm/mmlu.jsonl');
  if (!benchOnly) {
    const gsm8k = pairRows('routellm/gsm8k.jsonl');
    const m = evaluatePair('MMLU', mmlu, ruleOf('MMLU'), { bySubject: true, bootstrap: false });
    const g = evaluatePair('GSM8K', gsm8k, ruleOf('GSM8K'), { bySubject: false, bootstrap: true });
    charts.push(['routing-mmlu.svg', m.svg], ['routing-gsm8k.svg', g.svg]);
    learnedSections.push(
      '| data and split | fewer GPT-4 calls at 95% of its accuracy: mean (range) | accuracy at a 50% GPT-4 share, relative to GPT-4 | threshold for a 50% share set on training prompts: share → accuracy |',
      '|---|---|---|---|',
      ...m.lines,
      ...g.lines,
    );
  }
  const benchRows: BenchRow[] = readJsonl('routerbench-subset/routerbench_subset.jsonl').map(
    (r) => ({
      prompt: r.prompt as string,
      benchmark: r.benchmark as string,
      split: r.split_routerdc as string,
      score: r.score as Record<string, number | null>,
      cost: r.cost_usd as Record<string, number>,
    }),
  );
  const all = results.find((x) => x.benchmark.startsWith('all (RouterBench')) as Result;
  const b = evaluateBench(benchRows, {
    accuracy: all.router,
    cost: (all.cost as { router: number }).router,
  });
  charts.push(['routing-routerbench.svg', b.svg]);
  learnedSections.push(
    '',
    '| RouterBench test rows (fit on "train" rows only) | prompts | accuracy vs GPT-4 | cost vs GPT-4 |',
    '|---|---|---|---|',
    ...b.lines,
  );
  if (!benchOnly) learnedSections.push('', ...modelFileFacts(mmlu));
  if (process.argv.includes('--tune')) learnedSections.push('', ...tune(mmlu));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const val = (x: number, metric: string) => (metric === 'accuracy' ? pct(x) : x.toFixed(2));
const lines = [
  '| data | prompts | sent to strong | router | all cheap | all strong | random at the same share | gap recovered | cost vs all strong |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.map((r) => {
    const recovered = r.strong === r.weak ? 0 : (r.router - r.weak) / (r.strong - r.weak);
    const cost = r.cost === undefined ? '' : pct(r.cost.router / r.cost.strong);
    return `| ${r.benchmark} (${r.metric}) | ${r.n} | ${pct(r.strongShare)} | ${val(r.router, r.metric)} | ${val(r.weak, r.metric)} | ${val(r.strong, r.metric)} | ${val(r.random, r.metric)} | ${pct(recovered)} | ${cost} |`;
  }),
];
const table = lines.join('\n');
process.stdout.write(`${table}\n`);
const learnedTable = learnedSections.join('\n');
if (learnedTable !== '') process.stdout.write(`\n${learnedTable}\n`);

if (write && !process.argv.includes('--routerbench-only')) {
  const path = join(root, 'docs', 'routing-quality.md');
  const doc = readFileSync(path, 'utf8');
  const generated = `<!-- eval:start (written by \`pnpm --filter @switchyard/bench eval:routing --write\`) -->\nMeasured ${new Date().toISOString().slice(0, 10)} with the built-in rules.\n\n${table}\n<!-- eval:end -->`;
  let updated = doc.replace(/<!-- eval:start[\s\S]*?<!-- eval:end -->/, generated);
  if (learnedTable !== '') {
    const learned = `<!-- learned:start (written by \`pnpm --filter @switchyard/bench eval:routing --write\`) -->\nMeasured ${new Date().toISOString().slice(0, 10)}.\n\n${learnedTable}\n<!-- learned:end -->`;
    updated = updated.replace(/<!-- learned:start[\s\S]*?<!-- learned:end -->/, learned);
    mkdirSync(join(root, 'docs', 'images'), { recursive: true });
    for (const [file, svg] of charts) writeFileSync(join(root, 'docs', 'images', file), svg);
  }
  writeFileSync(path, updated);
  process.stdout.write(`wrote ${path}\n`);
}
