import type { z } from 'zod/v4';
import { didYouMean, nearest } from '../errors/suggest.js';

type Issue = z.ZodError['issues'][number];

/**
 * A zod issue in the library's own wording ("expected a positive integer", "unknown option
 * "retries". Did you mean "retry"?"), never echoing the value given. `schema` is the object the
 * issue's path starts from, for the option names an unknown key is compared with.
 */
export function describeIssue(issue: Issue, schema: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return bound(issue.origin, Number(issue.minimum), issue.inclusive === true, 'min');
    case 'too_big':
      return bound(issue.origin, Number(issue.maximum), issue.inclusive === true, 'max');
    case 'unrecognized_keys': {
      const known = optionNames(schema, issue.path);
      return issue.keys
        .map((key) => `unknown option "${key}".${didYouMean(nearest(key, known))}`.trim())
        .join(' ');
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  function: 'a function',
};

function bound(origin: string, limit: number, inclusive: boolean, side: 'min' | 'max'): string {
  if (origin === 'number' || origin === 'int') {
    const what = origin === 'int' ? 'an integer' : 'a number';
    if (side === 'min' && limit === 0)
      return inclusive
        ? `expected ${what} ≥ 0`
        : `expected a positive ${origin === 'int' ? 'integer' : 'number'}`;
    return `expected ${what} ${side === 'min' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<'} ${limit}`;
  }
  if (side === 'min' && limit === 1)
    return origin === 'string' ? 'expected a non-empty string' : 'expected at least 1 entry';
  const unit = origin === 'string' ? 'characters' : 'entries';
  return side === 'min'
    ? `expected at least ${limit} ${unit}`
    : `expected at most ${limit} ${unit}`;
}

/** The option names of the object schema at `path` under `schema` (optional wrappers unwrapped). */
function optionNames(schema: unknown, path: readonly PropertyKey[]): string[] {
  let node = unwrap(schema);
  for (const key of path) {
    const shape = shapeOf(node);
    if (shape === undefined || typeof key !== 'string') return [];
    node = unwrap(shape[key]);
  }
  return Object.keys(shapeOf(node) ?? {});
}

function shapeOf(node: unknown): Record<string, unknown> | undefined {
  const shape = (node as { shape?: unknown } | undefined)?.shape;
  return typeof shape === 'object' && shape !== null
    ? (shape as Record<string, unknown>)
    : undefined;
}

function unwrap(node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 8; i++) {
    const inner = (current as { unwrap?: () => unknown } | undefined)?.unwrap;
    if (typeof inner !== 'function' || shapeOf(current) !== undefined) return current;
    current = inner.call(current);
  }
  return current;
}
