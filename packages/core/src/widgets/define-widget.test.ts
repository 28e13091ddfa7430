import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { ConfigError } from '../errors/config-error.js';
import { defineWidget, isWidgetService } from './define-widget.js';
import { WidgetExtractionError } from './widget-extraction-error.js';
import { formatIssue } from './widget-issue.js';

const schema = z.object({
  title: z.string().min(1),
  minutes: z.int().positive(),
  notes: z.string().optional(),
});

const base = {
  name: 'drill-card',
  description: 'A practice drill.',
  intents: [{ name: 'drill', keywords: ['drill'] }],
  tier: 'strong',
  prompt: 'You design drills.',
  schema,
} as const;

function configError(define: () => unknown): ConfigError {
  try {
    define();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defineWidget', () => {
  it('returns a frozen service with its strict vendor schema and defaults', () => {
    const widget = defineWidget(base);
    expect(isWidgetService(widget)).toBe(true);
    expect(isWidgetService({ ...widget })).toBe(false); // the marker is not copied by a spread
    expect(Object.isFrozen(widget)).toBe(true);
    expect(widget).toMatchObject({
      name: 'drill-card',
      tier: 'strong',
      model: 'strong',
      strategy: 'native',
      extractionModel: 'fast',
      escalateTo: undefined,
      examples: [],
    });
    expect(widget.jsonSchema?.strict).toBe(true);
    expect(widget.jsonSchema?.schema.required).toEqual(['title', 'minutes', 'notes']);
  });

  it('uses a model reference instead of a tier when given one', () => {
    const widget = defineWidget({ ...base, tier: undefined, model: 'openai:gpt-4o' });
    expect(widget.model).toBe('openai:gpt-4o');
    expect(widget.tier).toBeUndefined();
  });

  it('parses data as the registry does: nulls for optional fields count as absent', async () => {
    const widget = defineWidget(base);
    expect(await widget.parse({ title: 'Tag', minutes: 5, notes: null })).toEqual({
      success: true,
      data: { title: 'Tag', minutes: 5 },
    });
    const bad = await widget.parse({ title: '', minutes: 1.5 });
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.issues.map(formatIssue)).toEqual([
      'title: Too small: expected string to have >=1 characters',
      'minutes: Invalid input: expected int, received number',
    ]);
  });

  it('turns a throwing refinement into an issue instead of a rejection', async () => {
    const widget = defineWidget({
      ...base,
      schema: schema.refine(() => {
        throw new Error('refinement exploded');
      }),
    });
    expect(await widget.parse({ title: 'Tag', minutes: 5 })).toEqual({
      success: false,
      issues: [{ path: [], message: 'refinement exploded' }],
    });
  });

  it('defines a text service without a schema; its data is undefined', async () => {
    const text = defineWidget({
      name: 'chat',
      description: 'Small talk.',
      intents: [],
      prompt: 'Be nice.',
    });
    expect(text.strategy).toBe('none');
    expect(text.jsonSchema).toBeUndefined();
    expect(await text.parse({ anything: true })).toEqual({ success: true, data: undefined });
  });

  it('names every problem of a bad definition in one ConfigError', () => {
    const error = configError(() =>
      defineWidget({
        name: 'Lesson Plan',
        description: '',
        intents: [
          { name: 'plan', keywords: ['plan', ''] },
          { name: 'plan', patterns: ['not a regexp' as never], weight: -1 },
        ],
        tier: 'strong',
        model: 'openai:gpt-4o',
        prompt: ' ',
        schema,
        extraction: 'xml' as never,
        escalateTo: [],
        temperature: 3,
        maxTokens: 0,
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'name',
      'description',
      'prompt',
      'intents[0].keywords',
      'intents[1].name',
      'intents[1].patterns',
      'intents[1].weight',
      'model',
      'escalateTo',
      'temperature',
      'maxTokens',
      'extraction',
    ]);
    expect(error.message).toMatch(
      /^Invalid widget "Lesson Plan" \(12 problems\):\n {2}- name: expected lower-case/,
    );
  });

  it('refuses a schema that is not an object, or that JSON Schema cannot express', () => {
    expect(
      configError(() => defineWidget({ ...base, schema: z.array(z.string()) })).issues,
    ).toEqual([
      {
        path: 'schema',
        message:
          'expected an object schema (z.object(...)): vendors take an object at the top level',
      },
    ]);
    const dated = configError(() => defineWidget({ ...base, schema: z.object({ on: z.date() }) }));
    expect(dated.message).toMatch(
      /^Invalid widget "drill-card" \(1 problem\):\n {2}- schema: cannot be expressed/,
    );
    expect(configError(() => defineWidget({ ...base, schema: 'nope' as never })).issues[0]).toEqual(
      {
        path: 'schema',
        message: 'expected a zod schema',
      },
    );
  });

  it('accepts such a schema with a custom extraction, which may build dates itself', async () => {
    const widget = defineWidget({
      ...base,
      schema: z.object({ on: z.date() }),
      extraction: (text) => ({ on: new Date(text) }),
    });
    expect(widget.strategy).toBe('custom');
    expect(widget.jsonSchema).toBeUndefined();
    expect((await widget.parse({ on: new Date(0) })).success).toBe(true);
  });

  it('checks every example against the schema', () => {
    const error = configError(() =>
      defineWidget({
        ...base,
        examples: [
          { request: 'ok', data: { title: 'Tag', minutes: 5 } },
          { request: 'bad', data: { title: 'Tag', minutes: -1 } },
          { request: '', data: { title: 'Tag', minutes: 5 } },
        ],
      }),
    );
    expect(error.issues).toEqual([
      { path: 'examples[1].data', message: 'minutes: Too small: expected number to be >0' },
      { path: 'examples[2].request', message: 'expected a non-empty string' },
    ]);
  });

  it('refuses an extraction or examples without a schema', () => {
    const error = configError(() =>
      defineWidget({
        name: 'chat',
        description: 'Small talk.',
        intents: [],
        prompt: 'Be nice.',
        extraction: 'json',
        examples: [{ request: 'hi', data: undefined as never }],
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['extraction', 'examples']);
  });

  it('refuses something that is not a definition', () => {
    expect(configError(() => defineWidget(null as never)).message).toBe(
      'Invalid widget definition (1 problem):\n  - (root): expected an object',
    );
  });
});

describe('across copies of the package', () => {
  it('recognises services and extraction errors made by another copy', () => {
    // The built CommonJS bundle is a second copy of every module, as a duplicated install would be.
    const other = createRequire(import.meta.url)(
      '../../dist/index.cjs',
    ) as typeof import('../index.js');
    const foreignWidget = other.defineWidget(base);
    expect(isWidgetService(foreignWidget)).toBe(true);
    const foreignError = new other.WidgetExtractionError('drill-card', []);
    expect(foreignError instanceof WidgetExtractionError).toBe(false);
    expect(WidgetExtractionError.isInstance(foreignError)).toBe(true);
    expect(other.SwitchyardError.isInstance(new WidgetExtractionError('x', []))).toBe(true);
  });
});
