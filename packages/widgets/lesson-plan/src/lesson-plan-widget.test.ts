import {
  createRouter,
  createWidgetRegistry,
  formatIssue,
  type WidgetIssue,
} from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import {
  fakeOpenAIVendor,
  mockVendor,
  type ScriptedVendor,
  widgetScenarios,
} from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { LessonPlan } from './lesson-plan-schema.js';
import { lessonPlanWidget } from './lesson-plan-widget.js';

// Each vendor runs the same end-to-end scenarios: the mock provider, and the real OpenAI SDK and
// adapter over HTTP with native structured output (strict json_schema).
const vendors: Record<string, () => ScriptedVendor | Promise<ScriptedVendor>> = {
  'the mock provider': () => mockVendor(),
  'a fake OpenAI server': () => fakeOpenAIVendor(createOpenAI),
};

for (const [label, vendor] of Object.entries(vendors)) {
  describe(`lessonPlanWidget end to end on ${label}`, () => {
    for (const scenario of widgetScenarios({ widget: lessonPlanWidget, vendor }))
      it(scenario.name, scenario.run);
  });
}

const example = lessonPlanWidget.examples[0]?.data as LessonPlan;
const withChanges = (change: (plan: LessonPlan) => void): Record<string, unknown> => {
  const plan = structuredClone(example);
  change(plan);
  return plan;
};
async function issuesOf(value: unknown): Promise<string[]> {
  const result = await lessonPlanWidget.parse(value);
  return result.success ? [] : result.issues.map((issue: WidgetIssue) => formatIssue(issue));
}

describe('lessonPlanSchema', () => {
  it('accepts the realistic example', async () => {
    expect(await issuesOf(example)).toEqual([]);
  });

  it('rejects durations that are not positive whole minutes', async () => {
    const issues = await issuesOf(
      withChanges((plan) => {
        (plan.activities[0] as { durationMinutes: number }).durationMinutes = 0;
        (plan.activities[1] as { durationMinutes: number }).durationMinutes = 6.5;
        plan.durationMinutes = -45;
      }),
    );
    expect(issues).toEqual([
      'durationMinutes: Too small: expected number to be >0',
      'activities[0].durationMinutes: Too small: expected number to be >0',
      'activities[1].durationMinutes: Invalid input: expected int, received number',
    ]);
  });

  it('rejects a plan without objectives or activities', async () => {
    const issues = await issuesOf(
      withChanges((plan) => {
        plan.objectives = [];
        plan.activities = [];
      }),
    );
    expect(issues).toEqual([
      'objectives: Too small: expected array to have >=1 items',
      'activities: Too small: expected array to have >=1 items',
    ]);
  });

  it('rejects activities that take longer than the lesson', async () => {
    const issues = await issuesOf(withChanges((plan) => (plan.durationMinutes = 30)));
    expect(issues).toEqual([
      'activities: The activities take 43 minutes, more than the 30-minute lesson',
    ]);
  });

  it('rejects an unknown phase or grouping and a missing assessment', async () => {
    const issues = await issuesOf({
      ...withChanges((plan) => {
        (plan.activities[0] as { phase: string }).phase = 'stretching';
        (plan.activities[0] as { grouping: string }).grouping = 'teams';
      }),
      assessment: undefined,
    });
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^activities\[0\]\.phase: Invalid option: expected one of /);
    expect(issues[1]).toMatch(/^activities\[0\]\.grouping: Invalid option/);
    expect(issues[2]).toBe('assessment: Invalid input: expected object, received undefined');
  });

  it('rejects text that is not a plan at all', async () => {
    expect(await issuesOf('Here is your lesson plan!')).toEqual([
      '(root): Invalid input: expected object, received string',
    ]);
  });

  it('is strict-mode ready for vendors', () => {
    expect(lessonPlanWidget.jsonSchema?.strict).toBe(true);
    expect(lessonPlanWidget.tier).toBe('strong');
    expect(lessonPlanWidget.strategy).toBe('native');
  });
});

describe('lessonPlanWidget intents', () => {
  const vendor = mockVendor();
  const router = createRouter({ providers: [vendor.provider], models: vendor.models });
  const registry = createWidgetRegistry([lessonPlanWidget], { router });
  afterAll(() => router.close());
  const widgetFor = (content: string) =>
    registry.match({ messages: [{ role: 'user', content }] }).widget;

  it.each([
    'Plan a 45-minute volleyball lesson for my grade 7 class',
    'I need a lesson plan on fractions for year 4',
    'Can you plan my period 3 class on badminton serves?',
    'Write two lesson plans about the water cycle',
  ])('matches "%s"', (request) => {
    expect(widgetFor(request)).toBe('lesson-plan');
  });

  it.each(['How many calories are in a banana?', 'Plan a trip to Rome'])(
    'leaves "%s" to the fallback',
    (request) => {
      expect(widgetFor(request)).toBe('general-response');
    },
  );
});
