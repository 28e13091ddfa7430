import {
  calibrateLambda,
  type LambdaCalibration,
  type LambdaCalibrationSet,
  type LearnedModel,
  type TrainRouterOptions,
} from '@switchyard/core';
import { STRONG, shuffled } from './learned-eval.js';
import {
  type BenchRow,
  type Choice,
  complete,
  crossFit,
  describe,
  LAMBDAS,
  MODELS,
  mean,
  meanRange,
  pct,
  RB_CONFIGS,
  RB_TARGET,
  route,
} from './routerbench-policy.js';
import { calibrate, chooseRule } from './routerbench-rules.js';
import { svgChart } from './svg-chart.js';

export type { BenchRow } from './routerbench-policy.js';

// The many-model learned policy on the RouterBench subset (11 models, per-row costs): fitted on
// "train" rows only, reported on "test" rows. Every setting (training options, λ, the mix of two
// λs) is chosen by five-fold cross-fitting inside the training rows, and the deployed model is
// the folds' average (crossFitRouter), so the choice holds for it.

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
        sets: LambdaCalibrationSet[];
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
      best = { name, options, model, sets, cal, single };
  }
  const chosen = best as NonNullable<typeof best>;
  const model = chosen.model;
  const at = route(model, test, chosen.cal.lambda, chosen.cal.alternate);
  const atSingle = route(model, test, chosen.single.lambda);
  // The calibration rule chosen by nested validation inside the training rows (routerbench-rules).
  const nTest = all.filter((r) => r.split === 'test').length;
  const testShare = nTest / all.length;
  const nested = chooseRule(train, chosen.options, testShare, 3000);
  const nestedCal = calibrate(chosen.sets, nested.rule);
  const atNested = route(model, test, nestedCal.lambda, nestedCal.alternate);
  const curvePoints = LAMBDAS.map((lambda) => ({ lambda, ...route(model, test, lambda) }));

  // Five random splits of all rows (test as large as RouterDC's), the same procedure on each.
  // Each split runs both procedures: the rule fixed in advance (every fold, mix) and the rule
  // its own training rows choose by nested validation.
  const splitLines = [
    `| random split (same sizes; setting "${chosen.name}") | every fold, mix: chosen on its training rows | test accuracy vs GPT-4 | test cost vs GPT-4 | rule its training rows chose (nested) | test accuracy vs GPT-4 | test cost vs GPT-4 |`,
    '|---|---|---|---|---|---|---|',
  ];
  const splitResults: Choice[] = [];
  const nestedResults: Choice[] = [];
  for (let split = 0; split < 5; split++) {
    const order = shuffled(all, 2000 + split);
    const splitTest = order.slice(0, nTest).filter(complete);
    const splitTrain = order.slice(nTest);
    const fit = crossFit(splitTrain, chosen.options);
    const cal = calibrateLambda(fit.sets, RB_TARGET);
    const m = fit.model;
    const c = route(m, splitTest, cal.lambda, cal.alternate);
    splitResults.push(c);
    const own = chooseRule(splitTrain, chosen.options, testShare, 3100 + 100 * split);
    const ownCal = calibrate(fit.sets, own.rule);
    const n = route(m, splitTest, ownCal.lambda, ownCal.alternate);
    nestedResults.push(n);
    splitLines.push(
      `| ${split + 1} | ${describe(cal)} (folds: ${pct(cal.quality)} at ${pct(cal.costShare)}) | ${pct(c.accuracy)} | ${pct(c.cost)} | ${own.rule.name}: ${describe(ownCal)} | ${pct(n.accuracy)} | ${pct(n.cost)} |`,
    );
  }
  splitLines.push(
    `| mean (range) | | ${meanRange(splitResults.map((c) => c.accuracy))} | ${meanRange(splitResults.map((c) => c.cost))} | | ${meanRange(nestedResults.map((c) => c.accuracy))} | ${meanRange(nestedResults.map((c) => c.cost))} |`,
  );
  const nestedLines = [
    `| calibration rule (nested validation: 5 pseudo-splits of the "train" rows, setting "${chosen.name}") | pseudo-test sets meeting both targets | holding 95% of GPT-4 | accuracy vs GPT-4: mean (range) | cost vs GPT-4: mean (range) |`,
    '|---|---|---|---|---|',
    ...nested.lines,
  ];

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
    `| learned, rule chosen by nested validation on training rows (${nested.rule.name}; ${describe(nestedCal)}) | ${test.length} | ${pct(atNested.accuracy)} | ${pct(atNested.cost)} |`,
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
        name: 'learned, chosen on training rows (every fold, mix)',
        points: [[at.cost, at.accuracy]],
        color: '#0b3d91',
        markers: true,
      },
      {
        name: `learned, rule chosen by nested validation (${nested.rule.name})`,
        points: [[atNested.cost, atNested.accuracy]],
        color: '#8250df',
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
    lines: [...lines, '', ...cvLines, '', ...nestedLines, '', ...splitLines, '', ...curveLines],
    svg,
  };
}
