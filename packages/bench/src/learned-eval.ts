import {
  createPriceTable,
  type LearnedModel,
  learnedCostPolicy,
  loadLearnedModel,
  type Outcome,
  type PolicyDecision,
  type TrainRouterOptions,
  tierThreshold,
  trainRouter,
} from '@switchyard/core';
import { type Series, svgChart } from './svg-chart.js';

// The learned router on real outcomes. Two tiers (RouteLLM: Mixtral vs GPT-4) on MMLU and GSM8K,
// with random item splits and, on MMLU, unseen subjects; many models (RouterBench subset, fit on
// its "train" rows, reported on "test" rows). Every setting is chosen on training rows only.

export const WEAK = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
export const STRONG = 'gpt-4-1106-preview';
export const SPLITS = 5;

export interface PairRow {
  readonly prompt: string;
  readonly group: string;
  readonly cheap: number;
  readonly strong: number;
}

/** A seeded shuffle (mulberry32), so splits are the same on every run. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const pairOutcomes = (rows: readonly PairRow[]): Outcome[] =>
  rows.flatMap((r) => [
    { prompt: r.prompt, model: WEAK, score: r.cheap, time: 0 },
    { prompt: r.prompt, model: STRONG, score: r.strong, time: 0 },
  ]);

export function trainPair(
  rows: readonly PairRow[],
  options: TrainRouterOptions = {},
): LearnedModel {
  return trainRouter(pairOutcomes(rows), { models: [WEAK, STRONG], ...options });
}

export function gainsOf(model: LearnedModel, rows: readonly PairRow[]): number[] {
  const out = new Float64Array(2);
  return rows.map((r) => {
    model.predictInto(r.prompt, out);
    return (out[1] as number) - (out[0] as number);
  });
}

/** Quality (relative to all-strong) after sending the k highest-gain prompts to strong, k = 0..n. */
export function curve(gains: readonly number[], rows: readonly PairRow[]): Float64Array {
  const order = rows.map((_, i) => i).sort((a, b) => (gains[b] as number) - (gains[a] as number));
  let total = 0;
  let strong = 0;
  for (const r of rows) {
    total += r.cheap;
    strong += r.strong;
  }
  const q = new Float64Array(rows.length + 1);
  q[0] = total / strong;
  order.forEach((i, k) => {
    const r = rows[i] as PairRow;
    total += r.strong - r.cheap;
    q[k + 1] = total / strong;
  });
  return q;
}

/** Smallest strong share at which quality reaches `target` of all-strong. */
export function shareAt(q: Float64Array, target = 0.95): number {
  const n = q.length - 1;
  for (let k = 0; k <= n; k++) if ((q[k] as number) >= target - 1e-12) return k / n;
  return 1;
}
export const qualityAt = (q: Float64Array, share: number) =>
  q[Math.round(share * (q.length - 1))] as number;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const range = (xs: readonly number[]) => [Math.min(...xs), Math.max(...xs)] as const;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pctRange = (xs: readonly number[]) => {
  const [lo, hi] = range(xs);
  return `${pct(mean(xs))} (${pct(lo)}–${pct(hi)})`;
};

/** The oracle's curve: strong only where it alone is right, as early as possible. */
function oracleCurve(rows: readonly PairRow[]): Float64Array {
  return curve(
    rows.map((r) => r.strong - r.cheap),
    rows,
  );
}

const sample = (q: Float64Array, steps = 50): [number, number][] =>
  Array.from({ length: steps + 1 }, (_, s) => [s / steps, qualityAt(q, s / steps)]);

export interface PairReport {
  readonly lines: string[];
  readonly svg: string;
}

/**
 * Two tiers on one data set: five random item splits (80% train / 20% test), and, when
 * `bySubject`, five folds of unseen subjects. `rules` is the rule classifier's strong share and
 * quality on all rows.
 */
export function evaluatePair(
  name: string,
  rows: readonly PairRow[],
  rules: { share: number; quality: number },
  options: { bySubject: boolean; bootstrap: boolean },
): PairReport {
  const fewer: number[] = [];
  const at50: number[] = [];
  const deployed: { share: number; quality: number }[] = [];
  let firstCurve: Float64Array | undefined;
  let firstTest: PairRow[] = [];
  const pooledGains: number[] = [];
  const pooledRows: PairRow[] = [];
  for (let split = 0; split < SPLITS; split++) {
    const order = shuffled(rows, 1000 + split);
    const nTest = Math.round(order.length * 0.2);
    const test = order.slice(0, nTest);
    const train = order.slice(nTest);
    const model = trainPair(train, { seed: split + 1 });
    const gains = gainsOf(model, test);
    const q = curve(gains, test);
    fewer.push(1 - shareAt(q));
    at50.push(qualityAt(q, 0.5));
    // Deployed as a host would: the threshold for a 50% share set from the training prompts.
    const t = tierThreshold(model, { cheap: WEAK, strong: STRONG }, train, { strongShare: 0.5 });
    let strongCalls = 0;
    let quality = 0;
    let strongTotal = 0;
    test.forEach((r, i) => {
      const useStrong = (gains[i] as number) > t;
      if (useStrong) strongCalls += 1;
      quality += useStrong ? r.strong : r.cheap;
      strongTotal += r.strong;
    });
    deployed.push({ share: strongCalls / test.length, quality: quality / strongTotal });
    if (split === 0) {
      firstCurve = q;
      firstTest = test;
    }
    pooledGains.push(...gains);
    pooledRows.push(...test);
  }
  const lines = [
    `| ${name}: random item splits (×${SPLITS}, 20% test) | ${pctRange(fewer)} | ${pctRange(at50)} | ${pctRange(deployed.map((d) => d.share))} → ${pctRange(deployed.map((d) => d.quality))} |`,
  ];
  let subjectCurve: Float64Array | undefined;
  let subjectRows: PairRow[] = [];
  if (options.bySubject) {
    const groups = shuffled([...new Set(rows.map((r) => r.group))].sort(), 77);
    const fewerSubjects: number[] = [];
    const at50Subjects: number[] = [];
    const gains: number[] = [];
    const tested: PairRow[] = [];
    for (let fold = 0; fold < SPLITS; fold++) {
      const held = new Set(groups.filter((_, i) => i % SPLITS === fold));
      const test = rows.filter((r) => held.has(r.group));
      const model = trainPair(
        rows.filter((r) => !held.has(r.group)),
        { seed: fold + 1 },
      );
      const g = gainsOf(model, test);
      const q = curve(g, test);
      fewerSubjects.push(1 - shareAt(q));
      at50Subjects.push(qualityAt(q, 0.5));
      gains.push(...g);
      tested.push(...test);
    }
    subjectCurve = curve(gains, tested);
    subjectRows = tested;
    lines.push(
      `| ${name}: unseen subjects (×${SPLITS} folds of subjects; all folds pooled: ${pct(1 - shareAt(subjectCurve))} fewer) | ${pctRange(fewerSubjects)} | ${pctRange(at50Subjects)} | |`,
    );
  }
  if (options.bootstrap) {
    // Every row predicted by a model that did not see it (the five test sets pooled), resampled.
    const n = pooledRows.length;
    const stats: number[] = [];
    let seed = 99;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 4294967296;
    };
    for (let b = 0; b < 400; b++) {
      const g: number[] = [];
      const r: PairRow[] = [];
      for (let i = 0; i < n; i++) {
        const k = Math.floor(random() * n);
        g.push(pooledGains[k] as number);
        r.push(pooledRows[k] as PairRow);
      }
      stats.push(1 - shareAt(curve(g, r)));
    }
    stats.sort((a, b) => a - b);
    lines.push(
      `| ${name}: the five test sets pooled (${n} predictions), bootstrap 95% interval | ${pct(1 - shareAt(curve(pooledGains, pooledRows)))} (${pct(stats[10] as number)}–${pct(stats[389] as number)}) | | |`,
    );
  }
  const cheapQ = (firstCurve as Float64Array)[0] as number;
  const series: Series[] = [
    { name: 'learned (split 1)', points: sample(firstCurve as Float64Array), color: '#1f6feb' },
    ...(subjectCurve === undefined
      ? []
      : [{ name: 'learned, unseen subjects', points: sample(subjectCurve), color: '#8250df' }]),
    {
      name: 'random',
      points: [
        [0, cheapQ],
        [1, 1],
      ] as [number, number][],
      color: '#888',
      dashed: true,
    },
    { name: 'oracle', points: sample(oracleCurve(firstTest)), color: '#2da44e', dashed: true },
    { name: 'rules', points: [[rules.share, rules.quality]], color: '#cf222e', markers: true },
    { name: 'cheap model only', points: [[0, cheapQ]], color: '#bf8700', markers: true },
  ];
  void subjectRows;
  const svg = svgChart({
    title: `${name}: quality vs strong-model calls (Mixtral → GPT-4)`,
    xLabel: 'share of prompts sent to GPT-4',
    yLabel: "accuracy relative to GPT-4's",
    x: [0, 1],
    y: [0.8, 1.05],
    series,
    hline: { y: 0.95, label: "95% of GPT-4's accuracy" },
  });
  return { lines, svg };
}

/** Hyper-parameter choices compared on MMLU training rows only (split 1's 80%, 4-fold). */
export function tune(rows: readonly PairRow[]): string[] {
  const train = shuffled(rows, 1000).slice(Math.round(rows.length * 0.2));
  const configs: [string, TrainRouterOptions][] = [
    ['defaults (2^16 buckets, step 0.02, 4 passes)', {}],
    ['2^18 buckets', { bits: 18 }],
    ['2^14 buckets', { bits: 14 }],
    ['step 0.2, 6 passes', { learningRate: 0.2, epochs: 6 }],
    ['step 0.05, 6 passes', { learningRate: 0.05, epochs: 6 }],
    ['step 0.01, 8 passes', { learningRate: 0.01, epochs: 8 }],
    ['L2 1e-4', { l2: 1e-4 }],
    ['first 256 characters only', { scanChars: 256 }],
  ];
  const lines = [
    '| setting | fewer GPT-4 calls at 95% (4-fold, training rows) | quality at 50% |',
    '|---|---|---|',
  ];
  for (const [label, options] of configs) {
    const gains: number[] = [];
    const tested: PairRow[] = [];
    for (let fold = 0; fold < 4; fold++) {
      const test = train.filter((_, i) => i % 4 === fold);
      const model = trainPair(
        train.filter((_, i) => i % 4 !== fold),
        options,
      );
      gains.push(...gainsOf(model, test));
      tested.push(...test);
    }
    const q = curve(gains, tested);
    lines.push(`| ${label} | ${pct(1 - shareAt(q))} | ${pct(qualityAt(q, 0.5))} |`);
  }
  return lines;
}

/** What int16 weights cost against float32, and the file's size and load time. */
export function modelFileFacts(rows: readonly PairRow[]): string[] {
  const order = shuffled(rows, 1000);
  const nTest = Math.round(order.length * 0.2);
  const test = order.slice(0, nTest);
  const train = order.slice(nTest);
  const t0 = performance.now();
  const int16 = trainPair(train);
  const trainMs = performance.now() - t0;
  const float32 = trainPair(train, { precision: 'float32' });
  const bytes = int16.serialize();
  const t1 = performance.now();
  loadLearnedModel(bytes);
  const loadMs = performance.now() - t1;
  let maxDiff = 0;
  const a = new Float64Array(2);
  const b = new Float64Array(2);
  for (const r of test) {
    int16.predictInto(r.prompt, a);
    float32.predictInto(r.prompt, b);
    maxDiff = Math.max(
      maxDiff,
      Math.abs((a[0] as number) - (b[0] as number)),
      Math.abs((a[1] as number) - (b[1] as number)),
    );
  }
  const qi = curve(gainsOf(int16, test), test);
  const qf = curve(gainsOf(float32, test), test);
  return [
    `- Training on ${train.length * 2} MMLU outcomes (two models): ${(trainMs / 1000).toFixed(1)} s.`,
    `- Model file (int16, 2^16 buckets, two models): ${(bytes.length / 1024).toFixed(0)} KB (float32: ${(float32.serialize().length / 1024).toFixed(0)} KB); loaded in ${loadMs.toFixed(1)} ms.`,
    `- Quantisation cost: largest probability difference int16 vs float32 over ${test.length} test prompts ${maxDiff.toExponential(1)}; fewer GPT-4 calls at 95%: ${pct(1 - shareAt(qi))} (int16) vs ${pct(1 - shareAt(qf))} (float32).`,
  ];
}

// ---------------------------------------------------------------------------------------------
// RouterBench: many models.

export interface BenchRow {
  readonly prompt: string;
  readonly benchmark: string;
  readonly split: string;
  readonly score: Readonly<Record<string, number | null>>;
  readonly cost: Readonly<Record<string, number>>;
}

// RouterBench's price list ($ per million tokens, input / output), from its README.
const RB_PRICES: Record<string, [number, number]> = {
  'gpt-4-1106-preview': [10, 30],
  'claude-v1': [8, 24],
  'claude-v2': [8, 24],
  'claude-instant-v1': [0.8, 2.4],
  'gpt-3.5-turbo-1106': [1, 2],
  'meta/llama-2-70b-chat': [0.9, 0.9],
  'zero-one-ai/Yi-34B-Chat': [0.8, 0.8],
  'meta/code-llama-instruct-34b-chat': [0.776, 0.776],
  'mistralai/mixtral-8x7b-chat': [0.6, 0.6],
  'WizardLM/WizardLM-13B-V1.2': [0.3, 0.3],
  'mistralai/mistral-7b-chat': [0.2, 0.2],
};
const ref = (m: string) => `rb:${m}`;
const LAMBDAS = [
  0, 5, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 35, 40, 50, 75, 100, 150, 200, 300, 500, 1000,
];
// Training settings tried on the training rows (RouterBench has a fifth of MMLU's rows and long
// five-shot prompts, so the MMLU defaults may underfit).
const RB_CONFIGS: [string, TrainRouterOptions & { prices?: boolean }][] = [
  ['defaults, learned costs', {}],
  ['step 0.1, 6 passes, learned costs', { learningRate: 0.1, epochs: 6 }],
  ['defaults, price-table costs', { prices: true }],
  ['step 0.1, 6 passes, price-table costs', { learningRate: 0.1, epochs: 6, prices: true }],
];
/** Chosen on training rows (cross-fitted): the cheapest λ keeping this share of GPT-4's accuracy. */
const RB_TARGET = 0.96;

function benchOutcomes(rows: readonly BenchRow[]): Outcome[] {
  const out: Outcome[] = [];
  for (const r of rows)
    for (const [m, s] of Object.entries(r.score))
      if (s !== null)
        out.push({ prompt: r.prompt, model: ref(m), score: s, costUsd: r.cost[m], time: 0 });
  return out;
}

/** Each model's mean output tokens, from the training rows' costs and the price list. */
function outputTokens(rows: readonly BenchRow[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [m, [pin, pout]] of Object.entries(RB_PRICES)) {
    let sum = 0;
    for (const r of rows) {
      const input = Math.ceil(r.prompt.length / 4);
      sum += Math.max(0, ((r.cost[m] ?? 0) * 1e6 - input * pin) / pout);
    }
    result[ref(m)] = sum / rows.length;
  }
  return result;
}

interface Choice {
  readonly accuracy: number;
  readonly cost: number;
}

function route(
  model: LearnedModel,
  rows: readonly BenchRow[],
  lambda: number,
  output: Record<string, number>,
  prices = false,
): Choice {
  const models = Object.keys(RB_PRICES);
  const policy = learnedCostPolicy({
    model,
    candidates: models.map((m) => ({ route: m, model: ref(m) })),
    lambda,
    prices: createPriceTable({
      builtin: false,
      prices: Object.fromEntries(
        models.map((m) => [
          ref(m),
          {
            inputPerMTok: (RB_PRICES[m] as [number, number])[0],
            outputPerMTok: (RB_PRICES[m] as [number, number])[1],
          },
        ]),
      ),
    }),
    outputTokens: output,
    costSource: prices ? 'prices' : 'auto',
  });
  let accuracy = 0;
  let cost = 0;
  for (const r of rows) {
    const d = policy.decide({
      request: { messages: [{ role: 'user', content: r.prompt }] },
      classification: undefined,
      session: undefined,
      isAlias: () => false,
    }) as Extract<PolicyDecision, { verdict: 'decide' }>;
    const chosen = (d.models as readonly string[])[0] as string;
    accuracy += r.score[chosen] ?? 0;
    cost += r.cost[chosen] ?? 0;
  }
  return { accuracy: accuracy / rows.length, cost };
}

export interface BenchReport {
  readonly lines: string[];
  readonly svg: string;
}

export function evaluateBench(
  all: readonly BenchRow[],
  rules: { accuracy: number; cost: number },
): BenchReport {
  const complete = (r: BenchRow) => Object.values(r.score).every((s) => s !== null);
  const train = all.filter((r) => r.split === 'train');
  const test = all.filter((r) => r.split === 'test' && complete(r));
  const gpt4 = (rows: readonly BenchRow[]) => ({
    accuracy: mean(rows.map((r) => r.score[STRONG] ?? 0)),
    cost: rows.reduce((a, r) => a + (r.cost[STRONG] ?? 0), 0),
  });

  // The training settings and λ from training rows only: five folds, each predicted by a model
  // that did not see it; the cheapest (setting, λ) that keeps RB_TARGET of GPT-4's accuracy.
  const folds = shuffled(train, 5);
  const trainComplete = train.filter(complete);
  const g4train = gpt4(trainComplete);
  const cvLines = [
    '| training setting (5-fold on "train" rows) | cheapest λ keeping 96% | accuracy vs GPT-4 | cost vs GPT-4 |',
    '|---|---|---|---|',
  ];
  let best:
    | { config: string; options: (typeof RB_CONFIGS)[number][1]; lambda: number; cost: number }
    | undefined;
  for (const [config, options] of RB_CONFIGS) {
    const cv = LAMBDAS.map(() => ({ accuracy: 0, cost: 0 }));
    for (let fold = 0; fold < 5; fold++) {
      const held = folds.filter((_, i) => i % 5 === fold).filter(complete);
      const fit = folds.filter((_, i) => i % 5 !== fold);
      const model = trainRouter(benchOutcomes(fit), { seed: fold + 1, ...options });
      const output = outputTokens(fit);
      LAMBDAS.forEach((lambda, k) => {
        const c = route(model, held, lambda, output, options.prices);
        (cv[k] as { accuracy: number; cost: number }).accuracy += c.accuracy * held.length;
        (cv[k] as { accuracy: number; cost: number }).cost += c.cost;
      });
    }
    let pick = { lambda: 0, acc: 1, cost: 1 };
    LAMBDAS.forEach((lambda, k) => {
      const c = cv[k] as Choice;
      const acc = c.accuracy / trainComplete.length / g4train.accuracy;
      const cost = c.cost / g4train.cost;
      if (acc >= RB_TARGET && cost < pick.cost) pick = { lambda, acc, cost };
    });
    cvLines.push(`| ${config} | ${pick.lambda} | ${pct(pick.acc)} | ${pct(pick.cost)} |`);
    if (best === undefined || pick.cost < best.cost)
      best = { config, options, lambda: pick.lambda, cost: pick.cost };
  }
  const chosenConfig = best as NonNullable<typeof best>;
  const chosen = chosenConfig.lambda;

  const model = trainRouter(benchOutcomes(train), { seed: 1, ...chosenConfig.options });
  const output = outputTokens(train);
  const g4 = gpt4(test);
  const curvePoints = LAMBDAS.map((lambda) => {
    const c = route(model, test, lambda, output, chosenConfig.options.prices);
    return { lambda, acc: c.accuracy / g4.accuracy, cost: c.cost / g4.cost };
  });
  const at = curvePoints.find((p) => p.lambda === chosen) as (typeof curvePoints)[number];

  // Baselines: each single model, the oracle (cheapest right model), random mixing of GPT-3.5 and GPT-4.
  const singles = Object.keys(RB_PRICES).map((m) => ({
    m,
    acc: mean(test.map((r) => r.score[m] ?? 0)) / g4.accuracy,
    cost: test.reduce((a, r) => a + (r.cost[m] ?? 0), 0) / g4.cost,
  }));
  let oracleAcc = 0;
  let oracleCost = 0;
  for (const r of test) {
    const right = Object.keys(RB_PRICES).filter((m) => r.score[m] === 1);
    const pool = right.length > 0 ? right : Object.keys(RB_PRICES);
    const cheapest = pool.reduce((a, b) => ((r.cost[a] ?? 0) <= (r.cost[b] ?? 0) ? a : b));
    oracleAcc += right.length > 0 ? 1 : 0;
    oracleCost += r.cost[cheapest] ?? 0;
  }
  const bestCheap = singles.filter((s) => s.m !== STRONG).reduce((a, b) => (b.acc > a.acc ? b : a));
  const gpt35 = singles.find((s) => s.m === 'gpt-3.5-turbo-1106') as (typeof singles)[number];

  const lines = [
    `| learned, many models (${chosenConfig.config}, λ = ${chosen} per dollar, both chosen on training rows for ${pct(RB_TARGET)} of GPT-4) | ${test.length} | ${pct(at.acc)} | ${pct(at.cost)} |`,
    `| rules (GPT-3.5 for simple, GPT-4 for complex) | ${test.length} | ${pct(rules.accuracy / g4.accuracy)} | ${pct(rules.cost / g4.cost)} |`,
    `| best single model under GPT-4 (${bestCheap.m}) | ${test.length} | ${pct(bestCheap.acc)} | ${pct(bestCheap.cost)} |`,
    `| oracle (cheapest model that is right) | ${test.length} | ${pct(oracleAcc / test.length / g4.accuracy)} | ${pct(oracleCost / g4.cost)} |`,
  ];
  const curveLines = [
    '| λ (quality per dollar) | accuracy vs GPT-4 | cost vs GPT-4 |',
    '|---|---|---|',
    ...curvePoints.map((p) => `| ${p.lambda} | ${pct(p.acc)} | ${pct(p.cost)} |`),
  ];
  const svg = svgChart({
    title: 'RouterBench test rows (11 models): accuracy vs cost',
    xLabel: "cost relative to GPT-4's",
    yLabel: "accuracy relative to GPT-4's",
    x: [0, 1.2],
    y: [0.5, 1.2],
    series: [
      {
        name: 'learned (λ sweep)',
        points: [...curvePoints].sort((a, b) => a.cost - b.cost).map((p) => [p.cost, p.acc]),
        color: '#1f6feb',
      },
      {
        name: `learned, λ = ${chosen}`,
        points: [[at.cost, at.acc]],
        color: '#0b3d91',
        markers: true,
      },
      {
        name: 'random GPT-3.5/GPT-4',
        points: [
          [gpt35.cost, gpt35.acc],
          [1, 1],
        ],
        color: '#888',
        dashed: true,
      },
      {
        name: 'rules',
        points: [[rules.cost / g4.cost, rules.accuracy / g4.accuracy]],
        color: '#cf222e',
        markers: true,
      },
      {
        name: 'single models',
        points: singles.map((s) => [s.cost, s.acc]),
        color: '#bf8700',
        markers: true,
      },
      {
        name: 'oracle',
        points: [[oracleCost / g4.cost, oracleAcc / test.length / g4.accuracy]],
        color: '#2da44e',
        markers: true,
      },
    ],
    hline: { y: 0.95, label: "95% of GPT-4's accuracy" },
  });
  return { lines: [...lines, '', ...cvLines, '', ...curveLines], svg };
}
