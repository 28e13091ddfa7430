import { calibrateLambda, type LambdaCalibration, type TrainRouterOptions } from '@switchyard/core';
import { shuffled } from './learned-eval.js';
import {
  type BenchRow,
  type Choice,
  complete,
  crossFit,
  mean,
  meanRange,
  RB_TARGET,
  route,
} from './routerbench-policy.js';

// Which calibration rule to deploy, chosen on training rows only (nested validation).
//
// `calibrateLambda` turns five cross-fitted training folds into a λ (or a mix of two λs) for 95%
// of GPT-4's accuracy. It can hold that on every fold or on the folds pooled, with or without the
// mix. The first procedure fixed one rule in advance (every fold, with the mix); this module lets
// the training rows choose: they are split again, five times, into pseudo-training and
// pseudo-test rows (the pseudo-test as large a share as the real test set is of all rows), the
// whole procedure runs on each pseudo-training part with every rule, and each rule is scored on
// its pseudo-test rows. No test row is read.
//
// The criterion, fixed before the rules were compared: most pseudo-test sets meeting both
// targets (≥ 95% of GPT-4's accuracy at ≤ 30% of its cost); then most holding the accuracy; then
// the lower mean cost; then the order below (the more conservative first).

/** A way to set λ from the folds. */
export interface CalibrationRule {
  readonly name: string;
  readonly eachSet: boolean;
  readonly mix: boolean;
}

export const RULES: readonly CalibrationRule[] = [
  { name: 'every fold, mix', eachSet: true, mix: true },
  { name: 'every fold, one λ', eachSet: true, mix: false },
  { name: 'folds pooled, mix', eachSet: false, mix: true },
  { name: 'folds pooled, one λ', eachSet: false, mix: false },
];

/** The targets a pseudo-test set is held to (issue 13's RouterBench targets). */
const TARGET_ACCURACY = 0.95;
const TARGET_COST = 0.3;
const PSEUDO_SPLITS = 5;

export function calibrate(
  sets: Parameters<typeof calibrateLambda>[0],
  rule: CalibrationRule,
): LambdaCalibration {
  return calibrateLambda(sets, { ...RB_TARGET, eachSet: rule.eachSet, mix: rule.mix });
}

export interface RuleChoice {
  readonly rule: CalibrationRule;
  /** One table row per rule: its pseudo-test results. */
  readonly lines: string[];
}

/**
 * Chooses a calibration rule from `train` alone. `testShare` is the share of rows a test set
 * takes (the pseudo-test sets take the same share of `train`); `seed` varies the pseudo-splits.
 */
export function chooseRule(
  train: readonly BenchRow[],
  options: TrainRouterOptions,
  testShare: number,
  seed: number,
): RuleChoice {
  const results = new Map<CalibrationRule, Choice[]>(RULES.map((r) => [r, []]));
  const nPseudo = Math.round(train.length * testShare);
  for (let p = 0; p < PSEUDO_SPLITS; p++) {
    const order = shuffled(train, seed + p);
    const pseudoTest = order.slice(0, nPseudo).filter(complete);
    const fit = crossFit(order.slice(nPseudo), options);
    for (const rule of RULES) {
      const cal = calibrate(fit.sets, rule);
      results.get(rule)?.push(route(fit.model, pseudoTest, cal.lambda, cal.alternate));
    }
  }
  const scored = RULES.map((rule, order) => {
    const cs = results.get(rule) as Choice[];
    return {
      rule,
      order,
      cs,
      met: cs.filter((c) => c.accuracy >= TARGET_ACCURACY && c.cost <= TARGET_COST).length,
      held: cs.filter((c) => c.accuracy >= TARGET_ACCURACY).length,
      cost: mean(cs.map((c) => c.cost)),
    };
  });
  const best = [...scored].sort(
    (a, b) => b.met - a.met || b.held - a.held || a.cost - b.cost || a.order - b.order,
  )[0] as (typeof scored)[number];
  const lines = scored.map(
    (s) =>
      `| ${s.rule.name}${s === best ? ' (chosen)' : ''} | ${s.met} of ${s.cs.length} | ${s.held} of ${s.cs.length} | ${meanRange(s.cs.map((c) => c.accuracy))} | ${meanRange(s.cs.map((c) => c.cost))} |`,
  );
  return { rule: best.rule, lines };
}
