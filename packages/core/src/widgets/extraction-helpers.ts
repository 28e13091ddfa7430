import type { CustomExtraction } from './define-widget.js';
import { extractJson } from './extract-json.js';

/** Options of {@link jsonExtraction}. */
export interface JsonExtractionOptions {
  /**
   * Wrapper keys to look through: models often answer `{ "lessonPlan": { ... } }` for a
   * `lessonPlan` request. When the parsed object has exactly one key and it is one of these,
   * its value is the data. Defaults to none.
   */
  readonly unwrap?: readonly string[] | undefined;
}

/**
 * A shared custom extraction for widgets whose answers share a shape: reads the JSON from the
 * answer's text (as the `json` strategy does, tolerating code fences and prose) and optionally
 * looks through a wrapper key. Throws, which counts as a failed attempt, when the text holds no
 * JSON.
 *
 * @example
 * const planExtraction = jsonExtraction({ unwrap: ['plan', 'lessonPlan', 'mealPlan'] });
 * defineWidget({ ..., extraction: planExtraction });
 */
export function jsonExtraction(options: JsonExtractionOptions = {}): CustomExtraction {
  const unwrap = new Set(options.unwrap ?? []);
  return (text, _response, context) => {
    const found = extractJson(text);
    if (!found.ok) throw new Error(found.error);
    if (found.repaired === true) context?.noteLocalRepair();
    const value = found.value;
    if (unwrap.size > 0 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const key = keys[0];
      if (keys.length === 1 && key !== undefined && unwrap.has(key))
        return (value as Record<string, unknown>)[key];
    }
    return value;
  };
}
