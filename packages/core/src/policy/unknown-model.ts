import type { NormalizedRouterConfig } from '../config/validate-router-config.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import { didYouMean, nearest } from '../errors/suggest.js';

/**
 * The error for a model or alias the router cannot place: the aliases and providers it knows,
 * and the name most likely meant.
 */
export function unknownModel(name: string, config: NormalizedRouterConfig): InvalidRequestError {
  const aliases = [...config.aliases.keys()].join(', ') || 'none';
  const providers = [...config.providers.keys()].join(', ');
  return new InvalidRequestError(
    `Unknown model or alias "${name}": aliases are ${aliases}; model references look like "provider:model" with a configured provider (${providers}).${didYouMean(suggestModel(name, config))}`,
    { code: 'unknown_model' },
  );
}

/**
 * What an unknown name most likely meant: a configured model named without its provider
 * (`gpt-4o-mini` → `openai:gpt-4o-mini`), a typo of an alias or a configured reference, or the
 * same model under a typo of a provider id.
 */
function suggestModel(name: string, config: NormalizedRouterConfig): string | undefined {
  const refs = new Set<string>();
  for (const alias of config.aliases.values()) for (const c of alias.candidates) refs.add(c.ref);
  if (!name.includes(':')) {
    for (const ref of refs) if (ref.slice(ref.indexOf(':') + 1) === name) return ref;
    for (const id of config.providers.keys())
      if (hasModel(config, id, name)) return `${id}:${name}`;
    return nearest(name, config.aliases.keys()) ?? nearest(name, refs);
  }
  const typo = nearest(name, refs);
  if (typo !== undefined) return typo;
  const colon = name.indexOf(':');
  const provider = nearest(name.slice(0, colon), config.providers.keys());
  return provider === undefined ? undefined : `${provider}${name.slice(colon)}`;
}

function hasModel(config: NormalizedRouterConfig, providerId: string, model: string): boolean {
  return config.providers.get(providerId)?.getModelInfo?.(model) !== undefined;
}
