import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { ConfigError } from '../errors/config-error.js';
import { convertZodSchema, dropNullOptionals, toStrictJsonSchema } from './zod-to-json-schema.js';

/** Every object node of a schema, wherever it is. */
function objectsIn(
  node: unknown,
  found: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const item of node) objectsIn(item, found);
  else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (record.type === 'object') found.push(record);
    for (const value of Object.values(record)) objectsIn(value, found);
  }
  return found;
}

describe('toStrictJsonSchema', () => {
  const lesson = z.object({
    title: z.string().min(1).max(80).describe('The lesson title'),
    durationMinutes: z.int().positive(),
    notes: z.string().optional(),
    warmUp: z.string().nullable(),
    activities: z
      .array(
        z.object({
          name: z.string(),
          equipment: z.array(z.string()).optional(),
        }),
      )
      .min(1),
  });

  it('closes every object and requires every property, as OpenAI strict mode demands', () => {
    const { schema, strict } = toStrictJsonSchema(lesson);
    expect(strict).toBe(true);
    const objects = objectsIn(schema);
    expect(objects).toHaveLength(2);
    for (const object of objects) {
      expect(object.additionalProperties).toBe(false);
      expect(object.required).toEqual(Object.keys(object.properties as object));
    }
    expect(schema.$schema).toBeUndefined();
  });

  it('makes optional properties nullable and leaves nullable ones as they are', () => {
    const { schema } = toStrictJsonSchema(lesson);
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(props.notes).toEqual({ type: ['string', 'null'] });
    expect(props.warmUp).toEqual({ type: ['string', 'null'] });
    const items = props.activities?.items as { properties: Record<string, unknown> };
    const item = items.properties;
    expect(item.equipment).toEqual({
      anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }],
    });
  });

  it('moves constraints vendors reject into the description and drops the safe-integer noise', () => {
    const { schema } = toStrictJsonSchema(lesson);
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(props.title).toEqual({
      type: 'string',
      description: 'The lesson title (at least 1 character; at most 80 characters)',
    });
    expect(props.durationMinutes).toEqual({ type: 'integer', description: '> 0' });
    expect(props.activities?.description).toBe('at least 1 item');
    expect(JSON.stringify(schema)).not.toMatch(/minLength|maxLength|minItems|exclusiveMinimum/);
  });

  it('turns oneOf into anyOf and const into a one-value enum', () => {
    const { schema, strict } = toStrictJsonSchema(
      z.object({
        content: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('list'), items: z.array(z.string()) }),
          z.object({ kind: z.literal('text'), body: z.string() }),
        ]),
      }),
    );
    expect(strict).toBe(true);
    const content = (schema.properties as Record<string, Record<string, unknown>>).content;
    expect(content?.oneOf).toBeUndefined();
    const branches = content?.anyOf as Record<string, Record<string, Record<string, unknown>>>[];
    expect(branches).toHaveLength(2);
    expect(branches[0]?.properties?.kind).toEqual({ type: 'string', enum: ['list'] });
  });

  it('splits a list of several types into anyOf', () => {
    const { schema } = toStrictJsonSchema(z.object({ value: z.union([z.string(), z.number()]) }));
    expect((schema.properties as Record<string, unknown>).value).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }],
    });
  });

  it('keeps recursive schemas as references', () => {
    const Node = z.object({
      name: z.string(),
      get children() {
        return z.array(Node);
      },
    });
    const { schema, strict } = toStrictJsonSchema(Node);
    expect(strict).toBe(true);
    expect((schema.properties as Record<string, Record<string, unknown>>).children?.items).toEqual({
      $ref: '#',
    });
  });

  it('says when a schema cannot be strict: records, tuples, unknown values', () => {
    expect(toStrictJsonSchema(z.object({ scores: z.record(z.string(), z.number()) })).strict).toBe(
      false,
    );
    expect(toStrictJsonSchema(z.object({ pair: z.tuple([z.string(), z.number()]) })).strict).toBe(
      false,
    );
    expect(toStrictJsonSchema(z.object({ anything: z.unknown() })).strict).toBe(false);
  });

  it('refuses a schema JSON cannot describe with a ConfigError', () => {
    let error: unknown;
    try {
      toStrictJsonSchema(z.object({ when: z.date() }));
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).message).toMatch(/cannot be expressed as JSON Schema/);
  });
});

describe('dropNullOptionals', () => {
  const schema = z.object({
    title: z.string(),
    notes: z.string().optional(),
    coach: z.string().nullish(),
    days: z.array(z.object({ day: z.string(), rest: z.boolean().optional() })),
    block: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('a'), extra: z.string().optional() }),
      z.object({ kind: z.literal('b'), other: z.number().optional() }),
    ]),
  });
  const converted = convertZodSchema(schema);

  it('removes nulls the model sent for optional fields, at any depth, and keeps the rest', () => {
    const input = {
      title: 'Week 1',
      notes: null,
      coach: null,
      days: [
        { day: 'Mon', rest: null },
        { day: 'Tue', rest: true },
      ],
      block: { kind: 'b', other: null },
    };
    const output = dropNullOptionals(input, converted);
    expect(output).toEqual({
      title: 'Week 1',
      coach: null,
      days: [{ day: 'Mon' }, { day: 'Tue', rest: true }],
      block: { kind: 'b' },
    });
    expect(schema.safeParse(output).success).toBe(true);
    expect(input.notes).toBeNull(); // the input is left alone
  });

  it('passes values of the wrong shape through for zod to report', () => {
    expect(dropNullOptionals('nope', converted)).toBe('nope');
    expect(dropNullOptionals({ days: 'x' }, converted)).toEqual({ days: 'x' });
  });
});
