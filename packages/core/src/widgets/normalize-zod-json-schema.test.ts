import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { version } from 'zod/v4/core';
import { normalizeZodJsonSchema } from './normalize-zod-json-schema.js';
import { toStrictJsonSchema } from './zod-to-json-schema.js';

describe('normalizeZodJsonSchema: zod 3.25 output in zod 4 shape', () => {
  it('compacts a union of bare types, nested ones included, into a type list', () => {
    // What zod 3.25's `zod/v4` writes for `z.union([z.string(), z.number()]).nullable()`.
    const from325 = {
      anyOf: [{ anyOf: [{ type: 'string' }, { type: 'number' }] }, { type: 'null' }],
    };
    expect(normalizeZodJsonSchema(from325)).toEqual({ type: ['string', 'number', 'null'] });
    expect(normalizeZodJsonSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toEqual({
      type: ['string', 'null'],
    });
  });

  it('leaves a union with constraints or references as anyOf', () => {
    const json = {
      anyOf: [{ type: 'string', minLength: 1 }, { $ref: '#/$defs/a' }, { type: 'null' }],
    };
    expect(normalizeZodJsonSchema(structuredClone(json))).toEqual(json);
  });

  it('closes a tuple without a rest element, and keeps a rest element', () => {
    const closed = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] };
    expect(normalizeZodJsonSchema(closed)).toEqual({
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'number' }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
    const open = { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'number' } };
    expect(normalizeZodJsonSchema(structuredClone(open))).toEqual(open);
  });

  it('folds an intersection of plain objects into one object', () => {
    const json = {
      allOf: [
        {
          type: 'object',
          properties: { a: { type: 'string' } },
          required: ['a'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: { b: { type: 'number' } },
          required: ['b'],
          additionalProperties: false,
        },
      ],
    };
    expect(normalizeZodJsonSchema(json)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a', 'b'],
      additionalProperties: false,
    });
  });

  it('leaves an intersection with anything but object keywords alone', () => {
    const json = {
      allOf: [
        { type: 'object', properties: { a: { type: 'string' } }, description: 'A' },
        { type: 'object', properties: { b: { type: 'number' } } },
      ],
    };
    expect(normalizeZodJsonSchema(structuredClone(json))).toEqual(json);
  });
});

describe('toStrictJsonSchema on either zod', () => {
  // The matrix job zod@3.25.76 (vitest.matrix.ts) runs this file on zod 3.25, whose `zod/v4`
  // carries the v4 core as 4.0.0; every other run uses the devDependency (zod 4). The expected
  // schema below is the same on both.
  it('runs the zod the matrix job names, else the devDependency', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    const loaded = `${version.major}.${version.minor}.${version.patch}`;
    if (process.env.SWITCHYARD_MATRIX === 'zod@3.25.76') expect(loaded).toBe('4.0.0');
    else expect(loaded).toBe(manifest.devDependencies.zod);
  });

  it('writes nullables, unions, tuples and intersections the same way', () => {
    const schema = z.object({
      a: z.string().nullable(),
      b: z.union([z.string(), z.number()]).nullable(),
      c: z.enum(['x', 'y']).nullable(),
      d: z.object({ e: z.string() }).nullable(),
      f: z.array(z.string()).optional(),
      g: z.tuple([z.string(), z.number()]),
      h: z.intersection(z.object({ i: z.string() }), z.object({ j: z.number() })),
    });
    const { schema: json, strict } = toStrictJsonSchema(schema);
    expect(strict).toBe(false);
    expect(json).toEqual({
      type: 'object',
      properties: {
        a: { type: ['string', 'null'] },
        b: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
        c: { anyOf: [{ type: 'string', enum: ['x', 'y'] }, { type: 'null' }] },
        d: {
          anyOf: [
            {
              type: 'object',
              properties: { e: { type: 'string' } },
              required: ['e'],
              additionalProperties: false,
            },
            { type: 'null' },
          ],
        },
        f: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
        g: {
          type: 'array',
          prefixItems: [{ type: 'string' }, { type: 'number' }],
          items: false,
          description: 'at least 2 items; at most 2 items',
        },
        h: {
          type: 'object',
          properties: { i: { type: 'string' }, j: { type: 'number' } },
          required: ['i', 'j'],
          additionalProperties: false,
        },
      },
      required: ['a', 'b', 'c', 'd', 'f', 'g', 'h'],
      additionalProperties: false,
    });
  });
});
