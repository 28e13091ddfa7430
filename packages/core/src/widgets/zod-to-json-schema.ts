import { z } from 'zod/v4';
import { ConfigError } from '../errors/config-error.js';
import type { JsonSchema } from '../provider/tool.js';
import { normalizeZodJsonSchema } from './normalize-zod-json-schema.js';

/** A JSON Schema made for vendors' structured output, from a zod schema. */
export interface StrictJsonSchema {
  /** The schema to send (`responseFormat.schema`, a tool's `parameters`). */
  readonly schema: JsonSchema;
  /**
   * Whether the schema fits strict structured output (OpenAI and Groq `strict: true`). `false`
   * when the zod schema holds something strict mode cannot express: a record (free-form keys),
   * a tuple, an intersection, or an `unknown`/`any` value. Such a schema is still sent, without
   * strict adherence; zod validates the answer either way.
   */
  readonly strict: boolean;
}

/**
 * @internal How optional fields were made required-but-nullable, so that the `null`s a model
 * sends for them can be dropped again before zod sees the data.
 */
export type NullPlan =
  | { readonly kind: 'leaf' }
  | {
      readonly kind: 'object';
      readonly props: ReadonlyMap<string, NullPlan>;
      /** Keys that were optional and not nullable: a `null` there means "absent". */
      readonly optional: ReadonlySet<string>;
    }
  | { readonly kind: 'array'; readonly items: NullPlan }
  | { readonly kind: 'any-of'; readonly options: readonly NullPlan[] }
  | { readonly kind: 'ref'; readonly ref: string };

/** @internal A converted schema with what {@link dropNullOptionals} needs. */
export interface ConvertedSchema extends StrictJsonSchema {
  readonly plan: NullPlan;
  readonly defs: ReadonlyMap<string, NullPlan>;
}

type Node = Record<string, unknown>;
const LEAF: NullPlan = { kind: 'leaf' };
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Converts a zod schema to a JSON Schema that vendors' strict structured output accepts, with
 * zod 4's `z.toJSONSchema` (draft 2020-12, the input side of transforms; the same output from zod
 * 3.25's `zod/v4`) and then:
 * - every object gets `additionalProperties: false` and lists every property as `required`;
 *   optional properties become nullable instead (the widget engine turns a `null` there back
 *   into "absent" before validating);
 * - `oneOf` becomes `anyOf`, `const` becomes a one-value `enum`, a type list of several types
 *   becomes an `anyOf`;
 * - constraints that some vendors reject (`minLength`, `pattern`, `format`, `minimum`,
 *   `minItems`, ...) and `default`, `title`, `examples`, `$schema` are removed; constraints are
 *   written into the `description` instead, so the model still reads them, and zod checks them.
 *
 * Throws a `ConfigError` when the schema cannot be expressed in JSON Schema (a `z.date()`, a
 * `z.bigint()`, a custom type).
 *
 * @example
 * const { schema, strict } = toStrictJsonSchema(z.object({ title: z.string(), note: z.string().optional() }));
 * // schema.required → ['title', 'note']; note: { type: ['string', 'null'] }
 */
export function toStrictJsonSchema(schema: z.ZodType): StrictJsonSchema {
  const { schema: json, strict } = convertZodSchema(schema);
  return { schema: json, strict };
}

/** @internal {@link toStrictJsonSchema} with the null plan. */
export function convertZodSchema(schema: z.ZodType, subject = 'schema'): ConvertedSchema {
  let raw: unknown;
  try {
    raw = normalizeZodJsonSchema(
      z.toJSONSchema(schema, {
        target: 'draft-2020-12',
        io: 'input',
        unrepresentable: 'throw',
        cycles: 'ref',
        reused: 'inline',
      }),
    );
  } catch (error) {
    throw new ConfigError(
      subject,
      [
        {
          path: '',
          message: `cannot be expressed as JSON Schema for a vendor (${error instanceof Error ? error.message : String(error)}); use JSON types only, or a custom extraction`,
        },
      ],
      { cause: error },
    );
  }
  const state = { strict: true };
  const root = isNode(raw) ? raw : {};
  const converted = convertNode(root, state);
  const defs = new Map<string, NullPlan>();
  if (isNode(root.$defs)) {
    const outDefs: Node = {};
    for (const [name, def] of Object.entries(root.$defs)) {
      const c = convertNode(def, state);
      outDefs[name] = c.out;
      defs.set(name, c.plan);
    }
    converted.out.$defs = outDefs;
  }
  return { schema: converted.out, strict: state.strict, plan: converted.plan, defs };
}

interface Converted {
  readonly out: Node;
  readonly plan: NullPlan;
}

function convertNode(input: unknown, state: { strict: boolean }): Converted {
  if (!isNode(input)) {
    // `true` (anything) or `false` (nothing): strict mode needs a type.
    state.strict = false;
    return { out: {}, plan: LEAF };
  }
  const n = input;
  const out: Node = {};
  const notes: string[] = [];
  let plan: NullPlan = LEAF;

  if (typeof n.$ref === 'string') {
    out.$ref = n.$ref;
    plan = { kind: 'ref', ref: n.$ref };
  }
  const union = Array.isArray(n.anyOf) ? n.anyOf : Array.isArray(n.oneOf) ? n.oneOf : undefined;
  if (union !== undefined) {
    const parts = union.map((part) => convertNode(part, state));
    out.anyOf = parts.map((p) => p.out);
    plan = { kind: 'any-of', options: parts.map((p) => p.plan) };
  }
  if (Array.isArray(n.allOf)) {
    state.strict = false;
    out.allOf = n.allOf.map((part) => convertNode(part, state).out);
  }

  const type = n.type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== 'null');
    if (nonNull.length > 1) {
      const { type: _t, description: _d, ...rest } = n;
      const branches = nonNull.map((t) => convertNode({ ...rest, type: t }, state).out);
      if (nonNull.length < type.length) branches.push({ type: 'null' });
      return { out: withDescription({ anyOf: branches }, n.description, []), plan: LEAF };
    }
    out.type = type;
  } else if (typeof type === 'string') {
    out.type = type;
  }
  const types = Array.isArray(type) ? type : typeof type === 'string' ? [type] : [];

  if (types.includes('object') || isNode(n.properties)) {
    const props = isNode(n.properties) ? n.properties : {};
    const required = new Set(Array.isArray(n.required) ? n.required : []);
    const outProps: Node = {};
    const planProps = new Map<string, NullPlan>();
    const optional = new Set<string>();
    for (const [key, value] of Object.entries(props)) {
      const c = convertNode(value, state);
      let prop = c.out;
      if (!required.has(key) && !isNullable(prop)) {
        optional.add(key);
        prop = nullable(prop);
      }
      outProps[key] = prop;
      planProps.set(key, c.plan);
    }
    out.properties = outProps;
    out.required = Object.keys(outProps);
    if (isNode(n.additionalProperties) || n.additionalProperties === true) {
      // A record: its keys are free, which strict mode cannot say.
      state.strict = false;
      out.additionalProperties = convertNode(n.additionalProperties, state).out;
    } else {
      out.additionalProperties = false;
    }
    if (n.patternProperties !== undefined) state.strict = false;
    note(notes, n.minProperties, (v) => `at least ${v} properties`);
    note(notes, n.maxProperties, (v) => `at most ${v} properties`);
    plan = { kind: 'object', props: planProps, optional };
  }

  if (types.includes('array') || n.items !== undefined || n.prefixItems !== undefined) {
    if (Array.isArray(n.prefixItems)) {
      state.strict = false;
      out.prefixItems = n.prefixItems.map((item) => convertNode(item, state).out);
      if (n.items === false) out.items = false;
    }
    if (n.items !== undefined && n.items !== false) {
      const c = convertNode(n.items, state);
      out.items = c.out;
      plan = { kind: 'array', items: c.plan };
    }
    note(notes, n.minItems, (v) => (v === 1 ? 'at least 1 item' : `at least ${v} items`));
    note(notes, n.maxItems, (v) => (v === 1 ? 'at most 1 item' : `at most ${v} items`));
    if (n.uniqueItems === true) notes.push('no duplicate items');
  }

  note(notes, n.minLength, (v) => `at least ${v} ${v === 1 ? 'character' : 'characters'}`);
  note(notes, n.maxLength, (v) => `at most ${v} characters`);
  if (typeof n.format === 'string') notes.push(`format: ${n.format}`);
  else if (typeof n.pattern === 'string' && n.pattern.length <= 120)
    notes.push(`matching /${n.pattern}/`);
  note(notes, bound(n.minimum), (v) => `>= ${v}`);
  note(notes, bound(n.exclusiveMinimum), (v) => `> ${v}`);
  note(notes, bound(n.maximum), (v) => `<= ${v}`);
  note(notes, bound(n.exclusiveMaximum), (v) => `< ${v}`);
  note(notes, n.multipleOf, (v) => `a multiple of ${v}`);

  if (Array.isArray(n.enum)) out.enum = n.enum;
  else if (n.const !== undefined) out.enum = [n.const];

  if (
    out.type === undefined &&
    out.anyOf === undefined &&
    out.allOf === undefined &&
    out.$ref === undefined &&
    out.enum === undefined
  ) {
    state.strict = false;
  }
  return { out: withDescription(out, n.description, notes), plan };
}

function note(notes: string[], value: unknown, say: (v: number) => string): void {
  if (typeof value === 'number') notes.push(say(value));
}

/** zod writes the safe-integer range on every `z.int()`; it says nothing to a model. */
function bound(value: unknown): number | undefined {
  return typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
}

function withDescription(out: Node, description: unknown, notes: readonly string[]): Node {
  const text = typeof description === 'string' && description.trim() !== '' ? description : '';
  const constraints = notes.join('; ');
  const joined = text && constraints ? `${text} (${constraints})` : text || constraints;
  if (joined === '') return out;
  return { ...out, description: joined };
}

function isNullable(node: Node): boolean {
  const type = node.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  return Array.isArray(node.anyOf) && node.anyOf.some((part) => isNode(part) && isNullable(part));
}

function nullable(node: Node): Node {
  const type = node.type;
  const simple =
    typeof type === 'string' &&
    type !== 'object' &&
    type !== 'array' &&
    node.enum === undefined &&
    node.anyOf === undefined;
  if (simple) return { ...node, type: [type, 'null'] };
  return { anyOf: [node, { type: 'null' }] };
}

/**
 * @internal Drops the `null`s a model sent for optional fields (the strict schema made them
 * required and nullable). Returns a new value; the input is not changed.
 */
export function dropNullOptionals(value: unknown, converted: ConvertedSchema): unknown {
  return walk(value, converted.plan, converted, 0);
}

const MAX_REF_HOPS = 32;

function walk(value: unknown, plan: NullPlan, root: ConvertedSchema, hops: number): unknown {
  switch (plan.kind) {
    case 'leaf':
      return value;
    case 'ref': {
      if (hops > MAX_REF_HOPS) return value;
      const target = resolve(plan.ref, root);
      return target === undefined ? value : walk(value, target, root, hops + 1);
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => walk(item, plan.items, root, 0)) : value;
    case 'object': {
      if (!isNode(value)) return value;
      const out: Node = {};
      for (const [key, item] of Object.entries(value)) {
        if (item === null && plan.optional.has(key)) continue;
        const child = plan.props.get(key);
        out[key] = child === undefined ? item : walk(item, child, root, 0);
      }
      return out;
    }
    case 'any-of': {
      const option = pickOption(value, plan.options, root);
      return option === undefined ? value : walk(value, option, root, hops);
    }
  }
}

function resolve(ref: string, root: ConvertedSchema): NullPlan | undefined {
  if (ref === '#') return root.plan;
  const prefix = '#/$defs/';
  return ref.startsWith(prefix) ? root.defs.get(ref.slice(prefix.length)) : undefined;
}

/** The union member a value belongs to: for objects, the one whose properties cover it best. */
function pickOption(
  value: unknown,
  options: readonly NullPlan[],
  root: ConvertedSchema,
): NullPlan | undefined {
  const concrete = (p: NullPlan): NullPlan => {
    let current = p;
    for (let i = 0; current.kind === 'ref' && i < MAX_REF_HOPS; i++) {
      const next = resolve(current.ref, root);
      if (next === undefined) break;
      current = next;
    }
    return current;
  };
  if (Array.isArray(value)) return options.map(concrete).find((p) => p.kind === 'array');
  if (!isNode(value)) return undefined;
  const keys = Object.keys(value);
  let best: NullPlan | undefined;
  let bestScore = -1;
  for (const option of options.map(concrete)) {
    if (option.kind !== 'object') continue;
    const score = keys.filter((k) => option.props.has(k)).length - option.props.size / 1000;
    if (score > bestScore) {
      bestScore = score;
      best = option;
    }
  }
  return best;
}
