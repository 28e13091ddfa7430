/** A parsed `provider:model` reference. */
export interface ModelRef {
  readonly providerId: string;
  readonly model: string;
}

/** Provider ids: letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export const PROVIDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const NOT_IN_A_MODEL_ID = /[\s\x00-\x1f\x7f]/;

/** Whether `id` holds whitespace or a control character, which no vendor's model id has. */
export function hasBlankOrControl(id: string): boolean {
  return NOT_IN_A_MODEL_ID.test(id);
}

/**
 * Splits `"provider:model"` at the first colon (model ids may contain colons themselves, as in
 * `ollama:llama3:8b`). Returns `undefined` when either side is empty, the provider id is invalid,
 * or the model id holds whitespace or a control character (`"gpt-4o-mini "` would otherwise reach
 * the vendor, and its price table, as a different model).
 */
export function parseModelRef(ref: string): ModelRef | undefined {
  const colon = ref.indexOf(':');
  if (colon <= 0 || colon === ref.length - 1) return undefined;
  const providerId = ref.slice(0, colon);
  if (!PROVIDER_ID_PATTERN.test(providerId)) return undefined;
  const model = ref.slice(colon + 1);
  if (hasBlankOrControl(model)) return undefined;
  return { providerId, model };
}
