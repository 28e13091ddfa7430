import type { Complexity } from '../provider/route-trace.js';
import type { PolicyDecision, RoutingPolicy } from './routing-policy.js';

/** Scores for one category and where they came from, for the route trace. */
export interface CategoryScoreLookup {
  /** Scores (higher is better) by `provider:model`, or `undefined` when there are none to use. */
  readonly scores: Readonly<Record<string, number>> | undefined;
  /** Where they came from, in words (`benchmark run bench-x (5 min old)`, `the static table`). */
  readonly origin: string;
}

/** Category score lookup: a static table, or the benchmark engine's fresh scores. */
export interface CategoryScoreSource {
  /** Scores (higher is better) by `provider:model` for a category, or `undefined` for none. */
  scoresFor(category: string): Readonly<Record<string, number>> | undefined;
  /**
   * The scores with their origin, which the category policy names in the trace. Optional: a
   * source without it is read through `scoresFor`.
   */
  lookup?(category: string): CategoryScoreLookup | undefined;
}

/** Wraps a static `{ category: { 'provider:model': score } }` table. */
export function staticCategoryScores(
  table: Readonly<Record<string, Readonly<Record<string, number>>>>,
): CategoryScoreSource {
  return { scoresFor: (category) => table[category] };
}

const pass = (note: string): PolicyDecision => ({ verdict: 'pass', note });
const NO_PIN = pass('the request names no model');
const NO_SESSION = pass('no session id');

/** The request's own `model` decides. */
export const pinPolicy: RoutingPolicy = {
  name: 'pin',
  decide: ({ request }) =>
    request.model === undefined
      ? NO_PIN
      : {
          verdict: 'decide',
          models: request.model,
          note: `pinned by the request: ${[request.model].flat().join(', ')}`,
        },
};

/** An intent (the request's, or the classifier's) mapped to an alias or models decides. */
export function intentPolicy(
  routes: Readonly<Record<string, string | readonly string[]>>,
): RoutingPolicy {
  return {
    name: 'intent',
    needsClassification: true,
    decide: ({ request, classification }) => {
      const intent = request.intent ?? classification?.intent;
      if (intent === undefined) return pass('no intent');
      const target = routes[intent];
      if (target === undefined) return pass(`intent "${intent}" has no route`);
      return {
        verdict: 'decide',
        models: target,
        note: `intent "${intent}" routes to ${[target].flat().join(', ')}`,
      };
    },
  };
}

/** Keeps a session on its provider while its topic (category) stays the same. */
export const sessionPolicy: RoutingPolicy = {
  name: 'session',
  needsClassification: true,
  decide: ({ request, classification, session }) => {
    if (request.sessionId === undefined) return NO_SESSION;
    if (session === undefined) return pass(`new session ${request.sessionId}`);
    const category = classification?.category ?? 'general';
    if (session.category !== category) {
      return pass(`topic changed from ${session.category} to ${category}: choosing afresh`);
    }
    return {
      verdict: 'prefer',
      provider: session.provider,
      note: `session ${request.sessionId} stays on ${session.provider} while the topic (${category}) continues`,
    };
  },
};

/** The best scorers for the request's category decide, best first. */
export function categoryScorePolicy(
  source: CategoryScoreSource,
  minConfidence: number,
  isKnown: (ref: string) => boolean,
): RoutingPolicy {
  // A frozen score table (the benchmark engine freezes a new one per update) is ranked once, not
  // per request. Other tables are ranked every time: a host may edit its table in place.
  const rankings = new WeakMap<
    object,
    { models: readonly string[]; best: string; score: number } | null
  >();
  const rank = (scores: Readonly<Record<string, number>>) => {
    const frozen = Object.isFrozen(scores);
    let ranking = frozen ? rankings.get(scores) : undefined;
    if (ranking === undefined) {
      const ranked = Object.entries(scores)
        .filter(([ref, score]) => Number.isFinite(score) && isKnown(ref))
        .sort((a, b) => b[1] - a[1]);
      const first = ranked[0];
      ranking =
        first === undefined
          ? null
          : { models: Object.freeze(ranked.map(([ref]) => ref)), best: first[0], score: first[1] };
      if (frozen) rankings.set(scores, ranking);
    }
    return ranking;
  };
  return {
    name: 'category-scores',
    needsClassification: true,
    decide: ({ classification }) => {
      if (classification === undefined) return pass('not classified');
      const { category, confidence } = classification;
      let scores: Readonly<Record<string, number>> | undefined;
      let origin = '';
      if (source.lookup !== undefined) {
        const found = source.lookup(category);
        scores = found?.scores;
        if (found !== undefined) {
          if (scores === undefined) return pass(`no scores for ${category}: ${found.origin}`);
          origin = `, from ${found.origin}`;
        }
      } else scores = source.scoresFor(category);
      if (scores === undefined) return pass(`no scores for ${category}`);
      if (confidence < minConfidence) {
        return pass(
          `category ${category} too uncertain (${confidence.toFixed(2)} < ${minConfidence})`,
        );
      }
      const ranking = rank(scores);
      if (ranking === null) return pass(`no configured model has scores for ${category}${origin}`);
      return {
        verdict: 'decide',
        models: ranking.models,
        note: `best ${category} scorer: ${ranking.best} (${ranking.score})${origin}`,
      };
    },
  };
}

/** Simple requests go to one alias, complex ones to another. */
export function tierPolicy(
  tiers: Readonly<Record<Complexity, string | undefined>>,
  isAlias: (name: string) => boolean,
): RoutingPolicy {
  return {
    name: 'tier',
    needsClassification: true,
    decide: ({ classification }) => {
      const complexity = classification?.complexity ?? 'simple';
      const alias = tiers[complexity];
      if (alias === undefined || !isAlias(alias))
        return pass(`no tier alias for ${complexity} requests`);
      return { verdict: 'decide', models: alias, note: `${complexity} request → tier ${alias}` };
    },
  };
}

/** The default model decides when nothing else did. */
export function defaultPolicy(defaultModel: string | undefined): RoutingPolicy {
  return {
    name: 'default',
    decide: () =>
      defaultModel === undefined
        ? pass('no default model configured')
        : { verdict: 'decide', models: defaultModel, note: `default model ${defaultModel}` },
  };
}
