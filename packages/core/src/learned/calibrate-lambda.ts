import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import {
  at,
  eventsOf,
  type Interval,
  intervalsOf,
  representative,
  upperHull,
} from './lambda-curve.js';
import type { LearnedCostPolicyOptions } from './learned-policies.js';
import { checkRoutes } from './tier-threshold.js';

/** A held-out prompt with every candidate's real score and, when known, real cost. */
export interface CostScoredPrompt {
  readonly prompt: string;
  /** Real scores 0–1 by the learned model's names, one for every candidate. */
  readonly scores: Readonly<Record<string, number>>;
  /**
   * Real costs in US dollars by model name. Where one is missing, the policy's own estimate for
   * that prompt stands in (so cost targets are only as good as the estimates).
   */
  readonly costs?: Readonly<Record<string, number>> | undefined;
}

/**
 * One model and the prompts it did not train on. Pass one set per cross-validation fold (each
 * fold's model with its held-out prompts) to choose λ on all of them pooled.
 */
export interface LambdaCalibrationSet
  extends Omit<LearnedCostPolicyOptions, 'lambda' | 'alternate' | 'name'> {
  readonly prompts: readonly CostScoredPrompt[];
}

/** What {@link calibrateLambda} aims for, relative to always calling `reference`. */
export type LambdaTarget =
  /** The cheapest λ whose mean score is at least this fraction (0–1) of the reference's. */
  | ({ readonly quality: number } & LambdaTargetOptions)
  /** The λ with the best mean score whose cost is at most this fraction (0–1) of the reference's. */
  | ({ readonly costShare: number } & LambdaTargetOptions);

/** How {@link calibrateLambda} reads a {@link LambdaTarget}. */
export interface LambdaTargetOptions {
  /** The model the target is relative to. Defaults to the candidate with the best mean score. */
  readonly reference?: string | undefined;
  /**
   * Whether the answer may route a share of requests with a second λ (`alternate`) when that
   * meets the target better than any single λ. Defaults to `true`.
   */
  readonly mix?: boolean | undefined;
  /**
   * Whether every set (every cross-validation fold) must meet the target on its own prompts,
   * rather than all prompts pooled. Stricter, and robust to a λ whose effect differs from fold to
   * fold (a cliff in one model's curve that sits elsewhere in another's). Defaults to `false`.
   */
  readonly eachSet?: boolean | undefined;
}

/**
 * The λ {@link calibrateLambda} chose, and what it gave on the calibration prompts. With
 * `alternate`, the numbers are those of the mix (an expectation).
 */
export interface LambdaCalibration {
  /** Quality given up per US dollar, for `learnedCostPolicy`'s `lambda`. */
  readonly lambda: number;
  /**
   * When routing a share of requests with a second λ meets the target more cheaply (or, for a
   * cost target, better) than any single λ: pass it as `learnedCostPolicy`'s `alternate`. Only
   * with `mix` (the default). The curve of one λ is not convex where many prompts change model
   * together (prompts whose text tells the candidates apart no better than chance); a mix of the
   * two sides reaches the points in between.
   */
  readonly alternate?: { readonly lambda: number; readonly share: number } | undefined;
  /** Whether the target was met on the calibration prompts (else: the closest λ). */
  readonly met: boolean;
  /** The model the target is relative to (by default, the candidate with the best mean score). */
  readonly reference: string;
  /** Mean real score at `lambda`, relative to the reference's (1 = as good). */
  readonly quality: number;
  /** Total real cost at `lambda`, relative to the reference's. */
  readonly costShare: number;
  /** Mean real score (0–1) and mean real cost (US dollars) per prompt at `lambda`. */
  readonly meanScore: number;
  readonly meanCostUsd: number;
  /** Prompts used. */
  readonly prompts: number;
  /** Every λ interval where the policy's choices change: its start, quality and cost share. */
  readonly curve: readonly { lambda: number; quality: number; costShare: number }[];
}

/**
 * Chooses `learnedCostPolicy`'s λ from a quality or cost target on held-out outcomes. Exact, not
 * a grid: for each prompt it finds every λ at which the policy's choice changes (the upper
 * envelope of predicted score − λ × estimated cost), sums the chosen models' real scores and
 * costs between those points, and returns the middle of the best interval (the cheapest meeting a
 * quality target, the best meeting a cost target). Milliseconds for thousands of prompts.
 *
 * @throws ConfigError when there are no prompts, a prompt lacks a candidate's score, a target is
 *   outside 0–1, or the reference is not a candidate.
 */
export function calibrateLambda(
  sets: LambdaCalibrationSet | readonly LambdaCalibrationSet[],
  target: LambdaTarget,
): LambdaCalibration {
  const list: readonly LambdaCalibrationSet[] = Array.isArray(sets)
    ? sets
    : [sets as LambdaCalibrationSet];
  const issues: ConfigIssue[] = [];
  const wanted = 'quality' in target ? target.quality : target.costShare;
  if (!(wanted >= 0 && wanted <= 1))
    issues.push({ path: 'target', message: `must be from 0 to 1, got ${wanted}` });
  const names = list[0]?.candidates.map((c) => c.model) ?? [];
  const reference = target.reference;
  if (reference !== undefined && !names.includes(reference))
    issues.push({ path: 'target.reference', message: `"${reference}" is not a candidate` });
  let count = 0;
  list.forEach((set, s) => {
    checkRoutes(set.model, set.candidates, issues);
    if (set.candidates.map((c) => c.model).join('\n') !== names.join('\n'))
      issues.push({
        path: `sets[${s}].candidates`,
        message: 'every set needs the same candidates',
      });
    set.prompts.forEach((p, i) => {
      count += 1;
      const missing = names.filter((m) => !(typeof p.scores[m] === 'number'));
      if (missing.length > 0 && issues.length < 20)
        issues.push({
          path: `sets[${s}].prompts[${i}].scores`,
          message: `no score for ${missing.join(', ')}`,
        });
    });
  });
  if (count === 0) issues.push({ path: 'prompts', message: 'needs at least one prompt' });
  if (issues.length > 0) throw new ConfigError('lambda calibration', issues);

  const curves = list.map((set) => {
    const e = eventsOf(set);
    return { ...e, intervals: intervalsOf([...e.events], e.score, e.cost) };
  });
  const n = names.length;
  const scoreSums = new Float64Array(n);
  const costSums = new Float64Array(n);
  for (const c of curves)
    for (let i = 0; i < n; i++) {
      scoreSums[i] = (scoreSums[i] as number) + (c.scoreSums[i] as number);
      costSums[i] = (costSums[i] as number) + (c.costSums[i] as number);
    }
  let ref = names.indexOf(reference ?? '');
  if (ref < 0)
    for (let i = 0; i < n; i++)
      if (ref < 0 || (scoreSums[i] as number) > (scoreSums[ref] as number)) ref = i;
  const refScore = scoreSums[ref] as number;
  const refCost = costSums[ref] as number;
  const quality = (x: number) => (refScore === 0 ? 1 : x / refScore);
  const share = (x: number) => (refCost === 0 ? 0 : x / refCost);
  const pooled = intervalsOf(
    curves.flatMap((c) => c.events),
    curves.reduce((a, c) => a + c.score, 0),
    curves.reduce((a, c) => a + c.cost, 0),
  );

  // The constraints: on the pooled prompts, or with `eachSet`, on every set's own prompts.
  const groups = target.eachSet
    ? curves.map((c) => ({
        refScore: c.scoreSums[ref] as number,
        refCost: c.costSums[ref] as number,
      }))
    : [{ refScore, refCost }];
  const values = (lambda: number) =>
    target.eachSet ? curves.map((c) => at(c.intervals, lambda)) : [at(pooled, lambda)];
  const points = pooled.map((v) => ({
    lambda: representative(v),
    total: v,
    parts: values(representative(v)),
  }));
  type Point = (typeof points)[number];
  // Each constraint is A + t·D ≥ 0 for the share t of requests routed by `b` instead of `a`.
  const solve = (a: Point, b: Point) => {
    let lo = 0;
    let hi = 1;
    groups.forEach((g, s) => {
      const pa = a.parts[s] as Interval;
      const pb = b.parts[s] as Interval;
      const [A, D] =
        'quality' in target
          ? [pa.score - target.quality * g.refScore, pb.score - pa.score]
          : [target.costShare * g.refCost - pa.cost, pa.cost - pb.cost];
      const slack = 1e-9 * Math.max(1, Math.abs(A));
      if (D === 0) {
        if (A < -slack) lo = 2;
      } else if (D > 0) lo = Math.max(lo, -A / D);
      else hi = Math.min(hi, -A / D);
    });
    if (lo > hi + 1e-12) return undefined;
    const dCost = b.total.cost - a.total.cost;
    const dScore = b.total.score - a.total.score;
    const t = 'quality' in target ? (dCost > 0 ? lo : hi) : dScore > 0 ? hi : lo;
    return { a, b, t, score: a.total.score + t * dScore, cost: a.total.cost + t * dCost };
  };
  const better = (x: { score: number; cost: number }, y: { score: number; cost: number }) =>
    'quality' in target
      ? x.cost < y.cost - 1e-15 || (x.cost <= y.cost + 1e-15 && x.score > y.score)
      : x.score > y.score + 1e-15 || (x.score >= y.score - 1e-15 && x.cost < y.cost);
  let best: ReturnType<typeof solve>;
  for (const p of points) {
    const single = solve(p, p);
    if (single !== undefined && (best === undefined || better(single, best))) best = single;
  }
  if (target.mix !== false) {
    // Pairs among the hull's corners, a spread of the curve, and the best single λ.
    const step = Math.max(1, Math.floor(points.length / 200));
    const hull = new Set(upperHull(pooled));
    const grid = points.filter((p, i) => i % step === 0 || hull.has(p.total) || p === best?.a);
    for (const a of grid)
      for (const b of grid) {
        if (a === b) continue;
        const m = solve(a, b);
        if (
          m !== undefined &&
          m.t > 1e-9 &&
          m.t < 1 - 1e-9 &&
          (best === undefined || better(m, best))
        )
          best = m;
      }
  }
  const met = best !== undefined;
  if (best === undefined) {
    // Not reachable: the single λ closest to it.
    let closest = points[0] as Point;
    for (const p of points)
      if (
        'quality' in target
          ? p.total.score > closest.total.score
          : p.total.cost < closest.total.cost
      )
        closest = p;
    best = { a: closest, b: closest, t: 0, score: closest.total.score, cost: closest.total.cost };
  }
  const chosen = best as NonNullable<typeof best>;
  return {
    lambda: chosen.a.lambda,
    ...(chosen.t > 0 && chosen.a !== chosen.b
      ? { alternate: { lambda: chosen.b.lambda, share: chosen.t } }
      : {}),
    met,
    reference: names[ref] as string,
    quality: quality(chosen.score),
    costShare: share(chosen.cost),
    meanScore: chosen.score / count,
    meanCostUsd: chosen.cost / count,
    prompts: count,
    curve: pooled.map((v) => ({
      lambda: v.start,
      quality: quality(v.score),
      costShare: share(v.cost),
    })),
  };
}
