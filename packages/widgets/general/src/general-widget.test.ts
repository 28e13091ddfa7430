import { createRouter, createWidgetRegistry, formatIssue } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import {
  fakeOpenAIVendor,
  mockVendor,
  type ScriptedVendor,
  widgetScenarios,
} from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { generalWidget } from './general-widget.js';
import type { GeneralWidget } from './general-widget-schema.js';

// Each vendor runs the same end-to-end scenarios: the mock provider, and the real OpenAI SDK and
// adapter over HTTP with native structured output (strict json_schema).
const vendors: Record<string, () => ScriptedVendor | Promise<ScriptedVendor>> = {
  'the mock provider': () => mockVendor(),
  'a fake OpenAI server': () => fakeOpenAIVendor(createOpenAI),
};

for (const [label, vendor] of Object.entries(vendors)) {
  for (const example of generalWidget.examples) {
    describe(`generalWidget end to end on ${label} (${(example.data as GeneralWidget).content.kind})`, () => {
      for (const scenario of widgetScenarios({ widget: generalWidget, vendor, example }))
        it(scenario.name, scenario.run);
    });
  }
}

const [checklist, table] = generalWidget.examples.map((e) => e.data as GeneralWidget) as [
  GeneralWidget,
  GeneralWidget,
];
async function issuesOf(value: unknown): Promise<string[]> {
  const result = await generalWidget.parse(value);
  return result.success ? [] : result.issues.map(formatIssue);
}

describe('generalWidgetSchema', () => {
  it('accepts a checklist, a table and a list', async () => {
    expect(await issuesOf(checklist)).toEqual([]);
    expect(await issuesOf(table)).toEqual([]);
    expect(
      await issuesOf({
        title: 'Rainy-day ideas',
        summary: null,
        content: { kind: 'list', ordered: false, items: ['Dodgeball', 'Yoga', 'Circuit'] },
      }),
    ).toEqual([]);
  });

  it('rejects a table row with the wrong number of cells', async () => {
    const rows = [
      ['Everybody is it', 'None'],
      ...(table.content.kind === 'table' ? table.content.rows.slice(1) : []),
    ];
    expect(await issuesOf({ ...table, content: { ...table.content, rows } })).toEqual([
      'content.rows[0]: Row has 2 cells; the table has 3 columns',
    ]);
  });

  it('rejects an unknown kind and empty content', async () => {
    const unknownKind = await issuesOf({
      ...checklist,
      content: { kind: 'poem', lines: ['roses'] },
    });
    expect(unknownKind).toHaveLength(1);
    expect(unknownKind[0]).toMatch(/^content(\.kind)?: Invalid/);
    expect(await issuesOf({ ...checklist, content: { kind: 'checklist', items: [] } })).toEqual([
      'content.items: Too small: expected array to have >=1 items',
    ]);
  });

  it('rejects a checklist item without a label and an empty title', async () => {
    expect(
      await issuesOf({
        title: '',
        summary: null,
        content: { kind: 'checklist', items: [{ label: '', checked: 'no' }] },
      }),
    ).toEqual([
      'title: Too small: expected string to have >=1 characters',
      'content.items[0].label: Too small: expected string to have >=1 characters',
      'content.items[0].checked: Invalid input: expected boolean, received string',
    ]);
  });

  it('sends vendors a strict schema with the three kinds as anyOf, on the fast tier', () => {
    expect(generalWidget.jsonSchema?.strict).toBe(true);
    const properties = generalWidget.jsonSchema?.schema.properties as
      | Record<string, { anyOf?: unknown[] }>
      | undefined;
    const content = properties?.content;
    expect(content?.anyOf).toHaveLength(3);
    expect(generalWidget.tier).toBe('fast');
  });
});

describe('generalWidget intents', () => {
  const vendor = mockVendor();
  const router = createRouter({ providers: [vendor.provider], models: vendor.models });
  const registry = createWidgetRegistry([generalWidget], { router });
  afterAll(() => router.close());
  const widgetFor = (content: string) =>
    registry.match({ messages: [{ role: 'user', content }] }).widget;

  it.each([
    'Give me a checklist for setting up the gym before the fitness test',
    'Make a table of the tournament schedule',
    'A list of rainy-day activities for year 2',
    'Comparison of three warm-up games',
  ])('matches "%s"', (request) => {
    expect(widgetFor(request)).toBe('general-widget');
  });

  it('leaves conversation to the fallback', () => {
    expect(widgetFor('How do I keep students motivated in winter?')).toBe('general-response');
  });
});
