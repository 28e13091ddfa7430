import { CandidateScorer, type CostEstimateOptions, type LearnedRoute } from './cost-estimator.js';
import type { LearnedModel } from './learned-model.js';

/** @internal A range of λ, `[start, end)`, and the chosen models' total real score and cost in it. */
export interface Interval {
  start: number;
  end: number;
  score: number;
  cost: number;
}

/** @internal One set's curve: its intervals and every candidate's total real score and cost. */
export interface SetCurve {
  intervals: Interval[];
  scoreSums: Float64Array;
  costSums: Float64Array;
  prompts: number;
}

interface Event {
  lambda: number;
  dScore: number;
  dCost: number;
}

/**
 * @internal For each prompt, every λ at which `learnedCostPolicy`'s choice changes (the upper
 * envelope of predicted score − λ × estimated cost), as events that add the real score and cost.
 */
export function eventsOf(
  set: {
    model: LearnedModel;
    candidates: readonly LearnedRoute[];
    prompts: readonly {
      prompt: string;
      scores: Readonly<Record<string, number>>;
      costs?: Readonly<Record<string, number>> | undefined;
    }[];
  } & CostEstimateOptions & { costSource?: 'auto' | 'prices' | undefined },
): {
  events: Event[];
  score: number;
  cost: number;
  scoreSums: Float64Array;
  costSums: Float64Array;
} {
  const names = set.candidates.map((c) => c.model);
  const n = names.length;
  const scoreSums = new Float64Array(n);
  const costSums = new Float64Array(n);
  const events: Event[] = [];
  let score = 0;
  let cost = 0;
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
  return { events, score, cost, scoreSums, costSums };
}

/** @internal Sorts the events and sums them into intervals of constant totals. */
export function intervalsOf(events: Event[], score: number, cost: number): Interval[] {
  events.sort((a, b) => a.lambda - b.lambda);
  const intervals: Interval[] = [];
  let start = 0;
  for (let e = 0; e <= events.length; e++) {
    const ev = events[e];
    if (ev !== undefined && ev.lambda === start) {
      score += ev.dScore;
      cost += ev.dCost;
      continue;
    }
    intervals.push({ start, end: ev?.lambda ?? Infinity, score, cost });
    if (ev === undefined) break;
    start = ev.lambda;
    score += ev.dScore;
    cost += ev.dCost;
  }
  return intervals;
}

/** @internal The interval holding `lambda`. */
export function at(intervals: readonly Interval[], lambda: number): Interval {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((intervals[mid] as Interval).start <= lambda) lo = mid;
    else hi = mid - 1;
  }
  return intervals[lo] as Interval;
}

/** @internal A λ inside the interval, away from its edges (where the policy's choices change). */
export function representative(v: Interval): number {
  if (v.end === Infinity) return v.start === 0 ? 0 : v.start * 2;
  return v.start === 0 ? v.end / 2 : Math.sqrt(v.start * v.end);
}

/** @internal The upper convex hull of (cost, score), cheapest first, each point better than the last. */
export function upperHull(intervals: readonly Interval[]): Interval[] {
  const points = [...intervals].sort((a, b) => a.cost - b.cost || b.score - a.score);
  const hull: Interval[] = [];
  for (const p of points) {
    if (hull.length > 0 && p.score <= (hull[hull.length - 1] as Interval).score) continue;
    while (hull.length >= 2) {
      const a = hull[hull.length - 2] as Interval;
      const b = hull[hull.length - 1] as Interval;
      // Drop b when it lies on or under the segment from a to p.
      if ((b.score - a.score) * (p.cost - a.cost) <= (p.score - a.score) * (b.cost - a.cost))
        hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}
