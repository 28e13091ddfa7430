import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { CandidateScorer } from './cost-estimator.js';
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
export interface LambdaCalibrationSet extends Omit<LearnedCostPolicyOptions, 'lambda' | 'name'> {
  readonly prompts: readonly CostScoredPrompt[];
}

/** What {@link calibrateLambda} aims for, relative to always calling `reference`. */
export type LambdaTarget =
  /** The cheapest λ whose mean score is at least this fraction (0–1) of the reference's. */
  | { readonly quality: number; readonly reference?: string | undefined }
  /** The λ with the best mean score whose cost is at most this fraction (0–1) of the reference's. */
  | { readonly costShare: number; readonly reference?: string | undefined };

/** The λ {@link calibrateLambda} chose, and what it gave on the calibration prompts. */
export interface LambdaCalibration {
  /** Quality given up per US dollar, for `learnedCostPolicy`'s `lambda`. */
  readonly lambda: number;
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

interface Event {
  lambda: number;
  dScore: number;
  dCost: number;
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

  const n = names.length;
  const scoreSums = new Float64Array(n);
  const costSums = new Float64Array(n);
  const events: Event[] = [];
  let score = 0;
  let cost = 0;
  for (const set of list) {
    const scorer = new CandidateScorer(set.model, set.candidates, set);
    const { scores: p, costs: c } = scorer;
    for (const prompt of set.prompts) {
      scorer.score(prompt.prompt, { messages: [{ role: 'user', content: prompt.prompt }] });
      const realScore = (i: number) => prompt.scores[names[i] as string] as number;
      const realCost = (i: number) => {
        const known = prompt.costs?.[names[i] as string];
        if (known !== undefined) return known;
        const e = c[i] as number;
        return Number.isNaN(e) ? 0 : e;
      };
      for (let i = 0; i < n; i++) {
        scoreSums[i] = (scoreSums[i] as number) + realScore(i);
        costSums[i] = (costSums[i] as number) + realCost(i);
        if (Number.isNaN(c[i] as number)) c[i] = 0;
      }
      // Just above λ = 0: the best prediction, the cheaper on a tie.
      let k = 0;
      for (let i = 1; i < n; i++) {
        const d = (p[i] as number) - (p[k] as number);
        if (d > 0 || (d === 0 && (c[i] as number) < (c[k] as number))) k = i;
      }
      score += realScore(k);
      cost += realCost(k);
      let at = 0;
      for (;;) {
        // The next candidate to overtake k as λ grows: a cheaper one, at the smallest λ.
        let next = -1;
        let when = Infinity;
        for (let j = 0; j < n; j++) {
          const dc = (c[k] as number) - (c[j] as number);
          if (dc <= 0) continue;
          const l = Math.max(at, ((p[k] as number) - (p[j] as number)) / dc);
          if (l < when || (l === when && (c[j] as number) < (c[next] as number))) {
            when = l;
            next = j;
          }
        }
        if (next < 0) break;
        events.push({
          lambda: when,
          dScore: realScore(next) - realScore(k),
          dCost: realCost(next) - realCost(k),
        });
        k = next;
        at = when;
      }
    }
  }

  let ref = names.indexOf(reference ?? '');
  if (ref < 0)
    for (let i = 0; i < n; i++)
      if (ref < 0 || (scoreSums[i] as number) > (scoreSums[ref] as number)) ref = i;
  const refScore = scoreSums[ref] as number;
  const refCost = costSums[ref] as number;
  const quality = (s: number) => (refScore === 0 ? 1 : s / refScore);
  const share = (x: number) => (refCost === 0 ? 0 : x / refCost);

  events.sort((a, b) => a.lambda - b.lambda);
  // Intervals [start, end): the totals hold for every λ inside.
  const intervals: { start: number; end: number; score: number; cost: number }[] = [];
  let start = 0;
  for (let e = 0; e <= events.length; e++) {
    const ev = events[e];
    if (ev !== undefined && ev.lambda === start) {
      score += ev.dScore;
      cost += ev.dCost;
      continue;
    }
    const end = ev?.lambda ?? Infinity;
    intervals.push({ start, end, score, cost });
    if (ev === undefined) break;
    start = ev.lambda;
    score += ev.dScore;
    cost += ev.dCost;
  }
  const meets = (v: { score: number; cost: number }) =>
    'quality' in target
      ? quality(v.score) >= target.quality - 1e-12
      : share(v.cost) <= target.costShare + 1e-12;
  const better = (a: { score: number; cost: number }, b: { score: number; cost: number }) =>
    'quality' in target
      ? a.cost < b.cost || (a.cost === b.cost && a.score > b.score)
      : a.score > b.score || (a.score === b.score && a.cost < b.cost);
  let best: (typeof intervals)[number] | undefined;
  for (const v of intervals) if (meets(v) && (best === undefined || better(v, best))) best = v;
  const met = best !== undefined;
  if (best === undefined)
    for (const v of intervals)
      if (best === undefined || ('quality' in target ? v.score > best.score : v.cost < best.cost))
        best = v;
  const chosen = best as (typeof intervals)[number];
  const lambda =
    chosen.end === Infinity
      ? chosen.start === 0
        ? 0
        : chosen.start * 2
      : chosen.start === 0
        ? chosen.end / 2
        : Math.sqrt(chosen.start * chosen.end);
  return {
    lambda,
    met,
    reference: names[ref] as string,
    quality: quality(chosen.score),
    costShare: share(chosen.cost),
    meanScore: chosen.score / count,
    meanCostUsd: chosen.cost / count,
    prompts: count,
    curve: intervals.map((v) => ({
      lambda: v.start,
      quality: quality(v.score),
      costShare: share(v.cost),
    })),
  };
}
