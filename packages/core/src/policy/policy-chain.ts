import type { NormalizedRouterConfig } from '../config/validate-router-config.js';
import {
  type CategoryScoreSource,
  categoryScorePolicy,
  defaultPolicy,
  intentPolicy,
  pinPolicy,
  sessionPolicy,
  staticCategoryScores,
  tierPolicy,
} from './builtin-policies.js';
import { type FreshScoreReader, freshOrStaticScores } from './fresh-category-scores.js';
import type { RoutingPolicy } from './routing-policy.js';

/** The policy chain of one router, and its session link (run even after another link decided). */
export interface PolicyChain {
  readonly chain: readonly RoutingPolicy[];
  readonly sessionLink: RoutingPolicy | undefined;
}

/**
 * Assembles the chain in the order the routing docs give: pin → the host's policies → intent →
 * session → category scores → tier → default. Links whose configuration is absent are left out,
 * so a request never runs a link that can only pass. With `fresh` (the benchmark engine), the
 * category link reads its latest scores while they are younger than `maxAgeMs`, else the table.
 */
export function buildPolicyChain(
  config: NormalizedRouterConfig,
  sessions: boolean,
  isCandidate: (ref: string) => boolean,
  fresh?: { readonly reader: FreshScoreReader; readonly maxAgeMs: number },
): PolicyChain {
  const routing = config.routing;
  const chain: RoutingPolicy[] = [pinPolicy, ...(routing.policies ?? [])];
  if (routing.intents !== undefined) chain.push(intentPolicy(routing.intents));
  if (sessions) chain.push(sessionPolicy);
  const table: CategoryScoreSource | undefined =
    routing.categoryScores === undefined
      ? undefined
      : typeof (routing.categoryScores as CategoryScoreSource).scoresFor === 'function'
        ? (routing.categoryScores as CategoryScoreSource)
        : staticCategoryScores(routing.categoryScores as Record<string, Record<string, number>>);
  const source =
    fresh === undefined
      ? table
      : freshOrStaticScores(fresh.reader, table, fresh.maxAgeMs, config.clock);
  if (source !== undefined) {
    chain.push(categoryScorePolicy(source, routing.minCategoryConfidence ?? 0.5, isCandidate));
  }
  if (routing.tiers !== false) {
    const tiers = routing.tiers ?? {};
    chain.push(
      tierPolicy({ simple: tiers.simple ?? 'fast', complex: tiers.complex ?? 'strong' }, (name) =>
        config.aliases.has(name),
      ),
    );
  }
  chain.push(defaultPolicy(config.defaultModel));
  return { chain, sessionLink: sessions ? sessionPolicy : undefined };
}
