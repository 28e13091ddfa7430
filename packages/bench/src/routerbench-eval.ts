import {
  calibrateLambda,
  createPriceTable,
  crossFitRouter,
  type LambdaCalibration,
  type LambdaCalibrationSet,
  type LearnedModel,
  learnedCostPolicy,
  type Outcome,
  type PolicyDecision,
  scoredPrompts,
  type TrainRouterOptions,
} from '@switchyard/core';
import { STRONG, shuffled } from './learned-eval.js';
import { svgChart } from './svg-chart.js';

// The many-model learned policy on the RouterBench subset (11 models, per-row costs): fitted on
// "train" rows only, reported on "test" rows. Every setting (training options, λ, the mix of two
// λs) is chosen by five-fold cross-fitting inside the training rows, and the deployed model is
// the folds' average (crossFitRouter), so the choice holds for it.

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
const MODELS = Object.keys(RB_PRICES);
const ref = (m: string) => `rb:${m}`;
const CANDIDATES = MODELS.map((m) => ({ route: m, model: ref(m) }));
const PRICES = createPriceTable({
  builtin: false,
  prices: Object.fromEntries(
    MODELS.map((m) => {
      const [input, output] = RB_PRICES[m] as [number, number];
      return [ref(m), { inputPerMTok: input, outputPerMTok: output }];
    }),
  ),
});
/** λ values for the reference curve of the chosen model on test rows (not used to choose). */
const LAMBDAS = [
  0, 5, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 35, 40, 50, 75, 100, 200, 500, 1000,
];
// Training settings compared on the training rows (the price-table cost estimate, tried in an
// earlier round, kept 96% of GPT-4 only at about half its cost and is not repeated).
const RB_CONFIGS: [string, TrainRouterOptions][] = [
  ['defaults', {}],
  ['L2 1e-4', { l2: 1e-4 }],
];
/**
 * Fixed before any test row was scored: 95% of GPT-4's accuracy on EVERY one of the five training
 * folds (not only pooled), so a λ whose effect moves from one fold's model to the next is not chosen.
 */
const RB_TARGET = { quality: 0.95, reference: ref(STRONG), eachSet: true } as const;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const complete = (r: BenchRow) => Object.values(r.score).every((s) => s !== null);

function benchOutcomes(rows: readonly BenchRow[]): Outcome[] {
  const out: Outcome[] = [];
  for (const r of rows)
    for (const [m, s] of Object.entries(r.score))
      if (s !== null)
        out.push({ prompt: r.prompt, model: ref(m), score: s, costUsd: r.cost[m], time: 0 });
  return out;
}

interface Choice {
  readonly accuracy: number;
  readonly cost: number;
}

/** Routes rows with the real policy; accuracy and cost relative to GPT-4's on the same rows. */
function route(
  model: LearnedModel,
  rows: readonly BenchRow[],
  lambda: number,
  alternate?: { lambda: number; share: number },
): Choice {
  const policy = learnedCostPolicy({
    model,
    candidates: CANDIDATES,
    lambda,
    alternate,
    prices: PRICES,
  });
  let accuracy = 0;
  let cost = 0;
  let g4Accuracy = 0;
  let g4Cost = 0;
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
    g4Accuracy += r.score[STRONG] ?? 0;
    g4Cost += r.cost[STRONG] ?? 0;
  }
  return { accuracy: accuracy / g4Accuracy, cost: cost / g4Cost };
}

/**
 * Cross-fitting inside `train`: five fold models, each with the rows it did not see (for
 * `calibrateLambda`), and their average, the model that is deployed on the test rows.
 */
function crossFit(
  train: readonly BenchRow[],
  options: TrainRouterOptions,
): { model: LearnedModel; sets: LambdaCalibrationSet[] } {
  const fit = crossFitRouter(benchOutcomes(train), { folds: 5, seed: 1, ...options });
  const names = CANDIDATES.map((c) => c.model);
  return {
    model: fit.model,
    sets: fit.folds.map((f) => ({
      model: f.model,
      candidates: CANDIDATES,
      prices: PRICES,
      prompts: scoredPrompts(f.heldOut, names),
    })),
  };
}

const describe = (c: LambdaCalibration) =>
  c.alternate === undefined
    ? `λ = ${c.lambda.toFixed(1)}`
    : `λ = ${c.lambda.toFixed(1)}, ${pct(c.alternate.share)} of requests at λ = ${c.alternate.lambda.toFixed(1)}`;

export interface BenchReport {
  readonly lines: string[];
  readonly svg: string;
}

export function evaluateBench(
  all: readonly BenchRow[],
  rules: { accuracy: number; cost: number },
): BenchReport {
  const train = all.filter((r) => r.split === 'train');
  const test = all.filter((r) => r.split === 'test' && complete(r));

  // The training setting and λ (or mix) from training rows only.
  const cvLines = [
    '| training setting (5-fold on "train" rows) | chosen for 95% of GPT-4 on every fold | accuracy vs GPT-4 (folds pooled) | cost vs GPT-4 (folds pooled) |',
    '|---|---|---|---|',
  ];
  let best:
    | {
        name: string;
        options: TrainRouterOptions;
        model: LearnedModel;
        cal: LambdaCalibration;
        single: LambdaCalibration;
      }
    | undefined;
  for (const [name, options] of RB_CONFIGS) {
    const { model, sets } = crossFit(train, options);
    const cal = calibrateLambda(sets, RB_TARGET);
    const single = calibrateLambda(sets, { ...RB_TARGET, mix: false });
    cvLines.push(`| ${name} | ${describe(cal)} | ${pct(cal.quality)} | ${pct(cal.costShare)} |`);
    cvLines.push(
      `| ${name}, one λ (no mix) | ${describe(single)} | ${pct(single.quality)} | ${pct(single.costShare)} |`,
    );
    if (best === undefined || cal.costShare < best.cal.costShare)
      best = { name, options, model, cal, single };
  }
  const chosen = best as NonNullable<typeof best>;
  const model = chosen.model;
  const at = route(model, test, chosen.cal.lambda, chosen.cal.alternate);
  const atSingle = route(model, test, chosen.single.lambda);
  const curvePoints = LAMBDAS.map((lambda) => ({ lambda, ...route(model, test, lambda) }));

  // Five random splits of all rows (test as large as RouterDC's), the same procedure on each.
  const splitLines = [
    `| random split (same sizes; setting "${chosen.name}") | chosen on its training rows | test accuracy vs GPT-4 | test cost vs GPT-4 |`,
    '|---|---|---|---|',
  ];
  const nTest = all.filter((r) => r.split === 'test').length;
  const splitResults: Choice[] = [];
  for (let split = 0; split < 5; split++) {
    const order = shuffled(all, 2000 + split);
    const splitTest = order.slice(0, nTest).filter(complete);
    const splitTrain = order.slice(nTest);
    const fit = crossFit(splitTrain, chosen.options);
    const cal = calibrateLambda(fit.sets, RB_TARGET);
    const m = fit.model;
    const c = route(m, splitTest, cal.lambda, cal.alternate);
    splitResults.push(c);
    splitLines.push(
      `| ${split + 1} | ${describe(cal)} (folds: ${pct(cal.quality)} at ${pct(cal.costShare)}) | ${pct(c.accuracy)} | ${pct(c.cost)} |`,
    );
  }
  const rangeOf = (xs: number[]) =>
    `${pct(mean(xs))} (${pct(Math.min(...xs))}–${pct(Math.max(...xs))})`;
  splitLines.push(
    `| mean (range) | | ${rangeOf(splitResults.map((c) => c.accuracy))} | ${rangeOf(splitResults.map((c) => c.cost))} |`,
  );

  // Baselines: each single model, the oracle (cheapest right model), random GPT-3.5/GPT-4.
  const g4Accuracy = mean(test.map((r) => r.score[STRONG] ?? 0));
  const g4Cost = test.reduce((a, r) => a + (r.cost[STRONG] ?? 0), 0);
  const singles = MODELS.map((m) => ({
    m,
    acc: mean(test.map((r) => r.score[m] ?? 0)) / g4Accuracy,
    cost: test.reduce((a, r) => a + (r.cost[m] ?? 0), 0) / g4Cost,
  }));
  let oracleAcc = 0;
  let oracleCost = 0;
  for (const r of test) {
    const right = MODELS.filter((m) => r.score[m] === 1);
    const pool = right.length > 0 ? right : MODELS;
    const cheapest = pool.reduce((a, b) => ((r.cost[a] ?? 0) <= (r.cost[b] ?? 0) ? a : b));
    oracleAcc += right.length > 0 ? 1 : 0;
    oracleCost += r.cost[cheapest] ?? 0;
  }
  const bestCheap = singles.filter((s) => s.m !== STRONG).reduce((a, b) => (b.acc > a.acc ? b : a));
  const gpt35 = singles.find((s) => s.m === 'gpt-3.5-turbo-1106') as (typeof singles)[number];

  const lines = [
    `| learned, many models (${chosen.name}; ${describe(chosen.cal)}; all chosen on training rows) | ${test.length} | ${pct(at.accuracy)} | ${pct(at.cost)} |`,
    `| learned, one λ chosen the same way (no mix; ${describe(chosen.single)}) | ${test.length} | ${pct(atSingle.accuracy)} | ${pct(atSingle.cost)} |`,
    `| rules (GPT-3.5 for simple, GPT-4 for complex) | ${test.length} | ${pct(rules.accuracy / g4Accuracy)} | ${pct(rules.cost / g4Cost)} |`,
    `| best single model under GPT-4 (${bestCheap.m}) | ${test.length} | ${pct(bestCheap.acc)} | ${pct(bestCheap.cost)} |`,
    `| oracle (cheapest model that is right) | ${test.length} | ${pct(oracleAcc / test.length / g4Accuracy)} | ${pct(oracleCost / g4Cost)} |`,
  ];
  const curveLines = [
    '| λ (quality per dollar; test rows, for reference only) | accuracy vs GPT-4 | cost vs GPT-4 |',
    '|---|---|---|',
    ...curvePoints.map((p) => `| ${p.lambda} | ${pct(p.accuracy)} | ${pct(p.cost)} |`),
  ];
  const svg = svgChart({
    title: 'RouterBench test rows (11 models): accuracy vs cost',
    xLabel: "cost relative to GPT-4's",
    yLabel: "accuracy relative to GPT-4's",
    x: [0, 1.2],
    y: [0.5, 1.2],
    series: [
      {
        name: 'learned (one λ, swept)',
        points: [...curvePoints].sort((a, b) => a.cost - b.cost).map((p) => [p.cost, p.accuracy]),
        color: '#1f6feb',
      },
      {
        name: 'learned, chosen on training rows',
        points: [[at.cost, at.accuracy]],
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
        points: [[rules.cost / g4Cost, rules.accuracy / g4Accuracy]],
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
        points: [[oracleCost / g4Cost, oracleAcc / test.length / g4Accuracy]],
        color: '#2da44e',
        markers: true,
      },
    ],
    hline: { y: 0.95, label: "95% of GPT-4's accuracy" },
  });
  return {
    lines: [...lines, '', ...cvLines, '', ...splitLines, '', ...curveLines],
    svg,
  };
}
