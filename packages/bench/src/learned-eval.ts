import {
  type LearnedModel,
  loadLearnedModel,
  type Outcome,
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
