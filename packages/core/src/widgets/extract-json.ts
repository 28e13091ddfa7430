import { jsonrepair } from 'jsonrepair';

/**
 * The outcome of {@link extractJson}. `repaired` is `true` when the JSON parsed only after a local
 * repair (trailing commas, single quotes, missing commas, comments, unquoted keys).
 */
export type JsonExtraction =
  | { readonly ok: true; readonly value: unknown; readonly repaired?: boolean | undefined }
  | { readonly ok: false; readonly error: string };

/** Starts of embedded JSON tried before giving up: bounds the work on long prose. */
const MAX_CANDIDATES = 64;
const FENCE = /```[^\n`]*\n?([\s\S]*?)```/g;

/**
 * Reads one JSON value from a model's answer, tolerating what models wrap around it: the whole
 * text as JSON, else the first code fence (```json ... ```) that holds valid JSON, else the first
 * balanced `{...}` or `[...]` in the prose that parses. When none parses, the same places are
 * tried again after a local repair with `jsonrepair` (trailing commas, single quotes, missing
 * commas, comments), which saves a model repair call; only a balanced object or array is repaired,
 * so a truncated answer is not silently completed. Never throws.
 *
 * @example
 * extractJson('Here it is:\n```json\n{"title":"Volleyball"}\n```'); // { ok: true, value: { title: 'Volleyball' } }
 */
export function extractJson(text: string): JsonExtraction {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { ok: false, error: 'The answer is empty: expected a JSON object.' };
  const whole = tryParse(trimmed);
  if (whole.ok) return whole;

  // Places that looked like JSON but did not parse, in the order tried: repaired after the loop.
  const broken: string[] = [trimmed];
  let firstError: string | undefined;
  FENCE.lastIndex = 0;
  for (let m = FENCE.exec(trimmed); m !== null; m = FENCE.exec(trimmed)) {
    const body = (m[1] ?? '').trim();
    if (body === '') continue;
    const parsed = tryParse(body);
    if (parsed.ok) return parsed;
    firstError ??= parsed.error;
    broken.push(body);
  }

  let tried = 0;
  for (let i = 0; i < trimmed.length && tried < MAX_CANDIDATES; i++) {
    const ch = trimmed[i];
    if (ch !== '{' && ch !== '[') continue;
    const end = balancedEnd(trimmed, i);
    if (end < 0) continue;
    tried += 1;
    const candidate = trimmed.slice(i, end + 1);
    const parsed = tryParse(candidate);
    if (parsed.ok) return parsed;
    firstError ??= parsed.error;
    broken.push(candidate);
  }
  for (const candidate of broken) {
    const repaired = tryRepair(candidate);
    if (repaired !== undefined) return repaired;
  }
  return {
    ok: false,
    error:
      firstError === undefined
        ? 'The answer contains no JSON object.'
        : `The answer contains no valid JSON: ${firstError}`,
  };
}

function tryParse(text: string): JsonExtraction {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The candidate repaired into an object or array, or `undefined` (prose, truncated JSON). */
function tryRepair(candidate: string): JsonExtraction | undefined {
  const first = candidate[0];
  if (first !== '{' && first !== '[') return undefined;
  if (balancedEnd(candidate, 0) !== candidate.length - 1) return undefined;
  try {
    const value: unknown = JSON.parse(jsonrepair(candidate));
    return typeof value === 'object' && value !== null
      ? { ok: true, value, repaired: true }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 when it never closes. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}
