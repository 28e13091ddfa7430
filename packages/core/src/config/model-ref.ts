/** A parsed `provider:model` reference. */
export interface ModelRef {
  readonly providerId: string;
  readonly model: string;
}

/** Provider ids: letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export const PROVIDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Splits `"provider:model"` at the first colon (model ids may contain colons themselves, as in
 * `ollama:llama3:8b`). Returns `undefined` when either side is empty or the provider id is invalid.
 */
export function parseModelRef(ref: string): ModelRef | undefined {
  const colon = ref.indexOf(':');
  if (colon <= 0 || colon === ref.length - 1) return undefined;
  const providerId = ref.slice(0, colon);
  if (!PROVIDER_ID_PATTERN.test(providerId)) return undefined;
  return { providerId, model: ref.slice(colon + 1) };
}
