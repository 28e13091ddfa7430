import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import type { LearnedRoute } from './cost-estimator.js';
import type { LearnedModel } from './learned-model.js';

/** @internal Config issues for routes the learned model cannot predict. */
export function checkRoutes(
  model: LearnedModel,
  routes: readonly LearnedRoute[],
  issues: ConfigIssue[],
): void {
  routes.forEach((r, i) => {
    if (!model.has(r.model))
      issues.push({
        path: `candidates[${i}].model`,
        message: `the learned model has no prediction for "${r.model}" (it has ${model.models.join(', ')})`,
      });
  });
}

/** One scored prompt for choosing a threshold or lambda: the text and each model's real score. */
export interface ScoredPrompt {
  readonly prompt: string;
  /** Scores 0–1 by model name (needed for quality targets; omit for a share target). */
  readonly scores?: Readonly<Record<string, number>> | undefined;
}

/** What {@link tierThreshold} aims for. */
export type TierTarget =
  /** This fraction (0–1) of the prompts goes to the strong route. */
  | { readonly strongShare: number }
  /** The fewest strong calls that keep mean quality at this fraction (0–1) of all-strong. */
  | { readonly quality: number };

/**
 * The gain threshold for {@link learnedTierPolicy} that meets `target` on `prompts` (recent
 * traffic for a share target; outcomes not used in training, scored for both models, for a
 * quality target). Prompts with the same predicted gain fall on the same side of any threshold:
 * a quality target then takes the whole tied group, a share target the nearer share.
 *
 * @throws ConfigError when a target is outside 0–1, no prompt is given, or a quality target's
 *   prompts lack a score for either model.
 */
export function tierThreshold(
  model: LearnedModel,
  routes: { readonly cheap: string; readonly strong: string },
  prompts: readonly ScoredPrompt[],
  target: TierTarget,
): number {
  const issues: ConfigIssue[] = [];
  checkRoutes(
    model,
    [
      { route: '', model: routes.cheap },
      { route: '', model: routes.strong },
    ],
    issues,
  );
  const wanted = 'strongShare' in target ? target.strongShare : target.quality;
  if (!(wanted >= 0 && wanted <= 1))
    issues.push({ path: 'target', message: `must be from 0 to 1, got ${wanted}` });
  if (prompts.length === 0) issues.push({ path: 'prompts', message: 'needs at least one prompt' });
  if (
    'quality' in target &&
    prompts.some(
      (p) => p.scores?.[routes.cheap] === undefined || p.scores?.[routes.strong] === undefined,
    )
  )
    issues.push({
      path: 'prompts',
      message: `a quality target needs every prompt scored for ${routes.cheap} and ${routes.strong}`,
    });
  if (issues.length > 0) throw new ConfigError('tier threshold', issues);
  const ci = model.indexOf(routes.cheap);
  const si = model.indexOf(routes.strong);
  const scores = new Float64Array(model.models.length);
  const ranked = prompts
    .map((p) => {
      model.predictInto(p.prompt, scores);
      return { gain: (scores[si] as number) - (scores[ci] as number), p };
    })
    .sort((a, b) => b.gain - a.gain);
  const gain = (k: number) => (ranked[k] as { gain: number }).gain;
  // Strong when gain > threshold, so prompts with equal gains go together. `including(k)` sends
  // at least the k highest gains strong (their ties too): the threshold is the next lower gain.
  const including = (k: number) => {
    if (k <= 0) return Infinity;
    let j = k;
    while (j < ranked.length && gain(j) >= gain(k - 1)) j++;
    return j >= ranked.length ? -Infinity : gain(j);
  };
  const strongCount = (t: number) => ranked.filter((r) => r.gain > t).length;
  if ('strongShare' in target) {
    // The share nearest the target: the k highest gains with their ties, or without them.
    const k = Math.round(target.strongShare * ranked.length);
    const withTies = including(k);
    if (k <= 0) return withTies;
    const without = gain(k - 1);
    return strongCount(without) - k >= k - strongCount(withTies) ? without : withTies;
  }
  let strongTotal = 0;
  let quality = 0;
  for (const r of ranked) {
    strongTotal += r.p.scores?.[routes.strong] as number;
    quality += r.p.scores?.[routes.cheap] as number;
  }
  const goal = target.quality * strongTotal;
  for (let k = 0; k <= ranked.length; k++) {
    if (quality >= goal - 1e-9) return including(k);
    const s = (ranked[k] as (typeof ranked)[number]).p.scores as Record<string, number>;
    quality += (s[routes.strong] as number) - (s[routes.cheap] as number);
  }
  return -Infinity;
}
