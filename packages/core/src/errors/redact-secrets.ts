// Secrets registered by adapters and config live on globalThis under a registered symbol, so two
// copies of @switchyard/core in one process (a duplicated install) still share one registry.
const REGISTRY_KEY = Symbol.for('switchyard.secrets');
type GlobalWithSecrets = typeof globalThis & { [REGISTRY_KEY]?: Set<string> };

function registry(): Set<string> {
  const g = globalThis as GlobalWithSecrets;
  let set = g[REGISTRY_KEY];
  if (set === undefined) {
    set = new Set();
    g[REGISTRY_KEY] = set;
  }
  return set;
}

/** Shorter strings are too likely to collide with ordinary words to be scrubbed blindly. */
const MIN_SECRET_LENGTH = 8;

/**
 * Registers a secret (an API key, a token) so that it is scrubbed from every Switchyard error
 * message, trace and event. Adapters call it with the key they were given.
 */
export function registerSecret(secret: string | undefined | null): void {
  if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) registry().add(secret);
}

// Shapes of credentials that must never be printed even when nobody registered them: vendor key
// prefixes (OpenAI sk-/sk-proj-, Anthropic sk-ant-, Groq gsk_, Google AIza), bearer tokens, and
// key=value pairs whose name says they are a key.
const REDACTED = '[REDACTED]';
const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\b(?:sk|gsk|xai|pk)[-_][A-Za-z0-9_-]{12,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [
    /\b((?:x-)?(?:goog-)?api[-_]?key|authorization|access[-_]?token|secret)(["']?\s*[:=]\s*["']?)[^\s"',;}&]{8,}/gi,
    `$1$2${REDACTED}`,
  ],
];

/** Returns `text` with registered secrets and credential-shaped strings replaced. */
export function redactSecrets(text: string): string {
  let out = text;
  const set = (globalThis as GlobalWithSecrets)[REGISTRY_KEY];
  if (set !== undefined) {
    for (const secret of set) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Scrubs secrets from an error we are about to keep as a `cause` (message and stack), so that
 * logging the whole chain cannot print a key either. Mutates and returns the same object.
 *
 * SDK errors also carry the vendor's answer in their own properties (`err.error.message` of the
 * OpenAI SDK repeats a rejected key), which loggers serialise: string values in the error's own
 * enumerable properties, in plain objects and arrays below them, and in nested errors are
 * scrubbed too, a few levels deep.
 */
export function redactErrorInPlace<T>(error: T): T {
  if (error instanceof Error) scrub(error, 0, new WeakSet());
  return error;
}

const MAX_SCRUB_DEPTH = 4;

function scrub(value: object, depth: number, seen: WeakSet<object>): void {
  if (depth > MAX_SCRUB_DEPTH || seen.has(value)) return;
  seen.add(value);
  try {
    if (value instanceof Error) {
      const message = redactSecrets(value.message);
      if (message !== value.message) value.message = message;
      if (typeof value.stack === 'string') {
        const stack = redactSecrets(value.stack);
        if (stack !== value.stack) value.stack = stack;
      }
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (typeof field === 'string') {
        const clean = redactSecrets(field);
        if (clean !== field) record[key] = clean;
      } else if (typeof field === 'object' && field !== null && isScrubbable(field)) {
        scrub(field, depth + 1, seen);
      }
    }
  } catch {
    // Frozen or exotic objects: leave them as they are.
  }
}

function isScrubbable(value: object): boolean {
  if (Array.isArray(value) || value instanceof Error) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
