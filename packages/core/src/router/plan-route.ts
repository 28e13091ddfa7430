import type { NormalizedAlias, NormalizedRouterConfig } from '../config/validate-router-config.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Candidate, CandidateRegistry } from './candidate.js';
import type { RequestState } from './request-state.js';

/** The ordered candidates for one request and why. */
export interface RoutePlan {
  readonly candidates: readonly Candidate[];
  /** `provider:model` of each candidate, in order. */
  readonly refs: readonly string[];
  /** The alias the candidates came from, if any. */
  readonly tier: string | undefined;
  /** Why these candidates, in words. */
  readonly reason: string;
}

/** Chooses the candidates for a request: its own `model` if it names one, else the default. */
export function planRoute(
  request: ChatRequest,
  state: RequestState,
  config: NormalizedRouterConfig,
  registry: CandidateRegistry,
): RoutePlan {
  if (request.model !== undefined) {
    const plan = resolveModels(request.model, config, registry, config.random);
    state.steps.push({ policy: 'pin', verdict: 'decide', note: plan.reason });
    return plan;
  }
  if (config.defaultModel === undefined) {
    throw new InvalidRequestError(
      'The request names no model and the router has no default: set `model` on the request, or configure `models` / `defaultModel`.',
      { code: 'no_model' },
    );
  }
  const plan = resolveModels(config.defaultModel, config, registry, config.random);
  state.steps.push({ policy: 'default', verdict: 'decide', note: plan.reason });
  return plan;
}

function resolveModels(
  model: string | readonly string[],
  config: NormalizedRouterConfig,
  registry: CandidateRegistry,
  random: () => number,
): RoutePlan {
  const names = typeof model === 'string' ? [model] : model;
  const candidates: Candidate[] = [];
  let tier: string | undefined;
  const reasons: string[] = [];
  for (const name of names) {
    const alias = config.aliases.get(name);
    if (alias !== undefined) {
      tier ??= alias.name;
      const ordered = orderAlias(alias, registry, random);
      for (const c of ordered) if (!candidates.includes(c)) candidates.push(c);
      reasons.push(`alias "${alias.name}" (${alias.strategy})`);
      continue;
    }
    const candidate = registry.get(name);
    if (candidate === undefined) throw unknownModel(name, config);
    if (!candidates.includes(candidate)) candidates.push(candidate);
    reasons.push(`model ${name}`);
  }
  return { candidates, refs: candidates.map((c) => c.ref), tier, reason: reasons.join(', then ') };
}

function orderAlias(
  alias: NormalizedAlias,
  registry: CandidateRegistry,
  random: () => number,
): Candidate[] {
  const list = alias.candidates.map((c) => registry.get(c.ref) as Candidate);
  if (alias.strategy !== 'weighted' || list.length < 2) return list;
  let total = 0;
  for (const c of alias.candidates) total += c.weight;
  let draw = random() * total;
  let pick = 0;
  for (let i = 0; i < alias.candidates.length; i++) {
    draw -= (alias.candidates[i] as { weight: number }).weight;
    if (draw < 0) {
      pick = i;
      break;
    }
  }
  const first = list[pick] as Candidate;
  return [first, ...list.filter((_, i) => i !== pick)];
}

function unknownModel(name: string, config: NormalizedRouterConfig): InvalidRequestError {
  const aliases = [...config.aliases.keys()].join(', ') || 'none';
  const providers = [...config.providers.keys()].join(', ');
  return new InvalidRequestError(
    `Unknown model or alias "${name}": aliases are ${aliases}; model references look like "provider:model" with a configured provider (${providers}).`,
    { code: 'unknown_model' },
  );
}
