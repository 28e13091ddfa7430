import { InvalidRequestError, type JsonSchema, UNSUPPORTED_SCHEMA } from '@switchyard/core';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Fields of Gemini's Schema (an OpenAPI 3.0 subset) that carry over from JSON Schema unchanged.
// `type`, `format`, `enum`, `properties`, `required`, `items` and `anyOf` are converted; every
// other JSON Schema keyword is dropped (Gemini refuses unknown fields with a 400).
const KEPT = [
  'title',
  'description',
  'nullable',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'default',
  'minimum',
  'maximum',
  'propertyOrdering',
] as const;

const FORMATS: Readonly<Record<string, readonly string[]>> = {
  string: ['date-time', 'enum'],
  integer: ['int32', 'int64'],
  number: ['float', 'double'],
};

interface Walk {
  readonly root: Json;
  /** `$ref`s being inlined, to refuse a recursive schema. */
  readonly refs: readonly string[];
  readonly provider: string;
  /** What the schema is, for messages: `response schema`, `parameters of tool "x"`. */
  readonly what: string;
  /** Where the node is (`scores`, `rows[].cells`), `` at the root. */
  readonly path: string;
  /** Whether the node must be a schema Gemini takes on its own (not an `allOf` part). */
  readonly whole: boolean;
}

/**
 * Converts a JSON Schema to Gemini's schema (`responseSchema`, function `parameters`): local
 * `$ref`s (`#/$defs/...`, `#/definitions/...`) inlined; `type: [T, 'null']` and an `anyOf` /
 * `oneOf` branch `{ type: 'null' }` become `nullable: true`; `oneOf` becomes `anyOf`; a single
 * `allOf` branch (or several object branches) is merged in; a string `const` becomes a one-value
 * `enum`; an `enum` that is not all strings, a `format` Gemini does not know for the type, an empty
 * `properties`, and the keywords Gemini has no field for (`$schema`, `$id`, `additionalProperties`,
 * `patternProperties`, `not`, `if`/`then`/`else`, `exclusiveMinimum`, `multipleOf`, `uniqueItems`,
 * `examples`, ...) are dropped.
 *
 * Gemini has no free-form objects and no untyped arrays: an object needs fixed properties and an
 * array its items. A node it cannot take, at any depth (a record or map such as zod's
 * `z.record()`, an object without properties, an array without items) and a recursive schema
 * throw an `InvalidRequestError` with code `unsupported_schema` (`UNSUPPORTED_SCHEMA`) naming
 * the node, before any request, so that the router moves on to the next candidate. With
 * `toolParameters`, the root may be an object with no properties (a tool without parameters):
 * the result then has no `properties`, and the caller sends no `parameters`.
 */
export function toGeminiSchema(
  schema: JsonSchema,
  provider: string,
  what = 'response schema',
  toolParameters = false,
): Json {
  const walk: Walk = { root: schema as Json, refs: [], provider, what, path: '', whole: true };
  const out = convert(schema, toolParameters ? { ...walk, whole: false } : walk);
  if (toolParameters) {
    if (isMap(schema as Json)) refuse(walk, 'a record or map (additionalProperties)');
    if (!isObject(out.properties)) return out;
    check(out, walk);
  }
  return out;
}

const isMap = (node: Json): boolean =>
  isObject(node.additionalProperties) ||
  node.additionalProperties === true ||
  isObject(node.patternProperties) ||
  isObject(node.propertyNames);

function check(out: Json, walk: Walk): void {
  if (out.type === 'object' && !isObject(out.properties))
    refuse(walk, 'an object with no fixed properties (a record, a map or a free-form object)');
  if (out.type === 'array' && !isObject(out.items)) refuse(walk, 'an array with no item schema');
}

function refuse(walk: Walk, node: string): never {
  throw new InvalidRequestError(
    `${walk.provider}: Gemini cannot take the ${walk.what} at "${walk.path || '(root)'}": ${node}. Another candidate may take it.`,
    { provider: walk.provider, code: UNSUPPORTED_SCHEMA },
  );
}

function convert(node: unknown, walk: Walk): Json {
  if (!isObject(node)) return {};
  if (typeof node.$ref === 'string')
    return convert(resolve(node.$ref, walk), {
      ...walk,
      refs: [...walk.refs, node.$ref],
    });
  const out = shape(node, walk);
  if (walk.whole) check(out, walk);
  return out;
}

function shape(node: Json, walk: Walk): Json {
  const whole = walk.whole ? walk : { ...walk, whole: true };
  const out: Json = {};
  for (const key of KEPT) if (node[key] !== undefined) out[key] = node[key];

  let types = Array.isArray(node.type)
    ? node.type.map(String)
    : typeof node.type === 'string'
      ? [node.type]
      : [];
  if (types.includes('null')) {
    out.nullable = true;
    types = types.filter((t) => t !== 'null');
  }
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) out.anyOf = types.map((type) => ({ type }));

  const branches = [
    ...(Array.isArray(node.anyOf) ? node.anyOf : []),
    ...(Array.isArray(node.oneOf) ? node.oneOf : []),
  ];
  if (branches.length > 0) {
    const real = branches.filter((b) => !(isObject(b) && b.type === 'null'));
    if (real.length < branches.length) out.nullable = true;
    const converted = real.map((b) => convert(b, whole));
    if (converted.length === 1)
      Object.assign(out, converted[0], out.nullable ? { nullable: true } : {});
    else if (converted.length > 1) out.anyOf = converted;
  }
  if (Array.isArray(node.allOf))
    for (const part of node.allOf) merge(out, convert(part, { ...walk, whole: false }));

  if (typeof node.const === 'string') {
    out.enum = [node.const];
    out.type ??= 'string';
  } else if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) {
    out.enum = node.enum;
    out.type ??= 'string';
  }
  if (typeof node.format === 'string' && FORMATS[String(out.type)]?.includes(node.format)) {
    out.format = node.format;
  }
  if (isObject(node.properties) && Object.keys(node.properties).length > 0) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, value]) => [
        name,
        convert(value, { ...whole, path: walk.path === '' ? name : `${walk.path}.${name}` }),
      ]),
    );
    out.type ??= 'object';
  }
  if (Array.isArray(node.required)) {
    const names = isObject(out.properties) ? Object.keys(out.properties) : [];
    const required = node.required.filter((name) => names.includes(String(name)));
    if (required.length > 0) out.required = required;
  }
  if (isObject(node.items)) out.items = convert(node.items, { ...whole, path: `${walk.path}[]` });
  return out;
}

function merge(into: Json, part: Json): void {
  for (const [key, value] of Object.entries(part)) {
    if (key === 'properties' && isObject(into.properties) && isObject(value)) {
      into.properties = { ...into.properties, ...value };
    } else if (key === 'required' && Array.isArray(into.required) && Array.isArray(value)) {
      into.required = [...new Set([...into.required, ...value])];
    } else {
      into[key] ??= value;
    }
  }
}

function resolve(ref: string, walk: Walk): unknown {
  if (walk.refs.includes(ref)) {
    throw new InvalidRequestError(
      `${walk.provider}: the schema refers to itself through "${ref}"; Gemini takes no recursive schemas.`,
      { provider: walk.provider, code: UNSUPPORTED_SCHEMA },
    );
  }
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = match === null ? undefined : walk.root[match[1] as string];
  const target = isObject(defs) ? defs[decodeURIComponent(match?.[2] ?? '')] : undefined;
  if (!isObject(target)) {
    throw new InvalidRequestError(
      `${walk.provider}: the schema's "${ref}" cannot be resolved; only local #/$defs and #/definitions references can be sent to Gemini.`,
      { provider: walk.provider, code: UNSUPPORTED_SCHEMA },
    );
  }
  return target;
}
