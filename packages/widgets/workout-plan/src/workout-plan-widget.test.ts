import { createRouter, createWidgetRegistry, formatIssue } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import {
  fakeOpenAIVendor,
  mockVendor,
  type ScriptedVendor,
  widgetScenarios,
} from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exercise, WorkoutPlan } from './workout-plan-schema.js';
import { workoutPlanWidget } from './workout-plan-widget.js';

// Each vendor runs the same end-to-end scenarios: the mock provider, and the real OpenAI SDK and
// adapter over HTTP with native structured output (strict json_schema).
const vendors: Record<string, () => ScriptedVendor | Promise<ScriptedVendor>> = {
  'the mock provider': () => mockVendor(),
  'a fake OpenAI server': () => fakeOpenAIVendor(createOpenAI),
};

for (const [label, vendor] of Object.entries(vendors)) {
  describe(`workoutPlanWidget end to end on ${label}`, () => {
    for (const scenario of widgetScenarios({ widget: workoutPlanWidget, vendor }))
      it(scenario.name, scenario.run);
  });
}

const example = workoutPlanWidget.examples[0]?.data as WorkoutPlan;
const withChanges = (change: (plan: WorkoutPlan) => void): Record<string, unknown> => {
  const plan = structuredClone(example);
  change(plan);
  return plan;
};
async function issuesOf(value: unknown): Promise<string[]> {
  const result = await workoutPlanWidget.parse(value);
  return result.success ? [] : result.issues.map(formatIssue);
}
const exercise = (plan: WorkoutPlan, session: number, index: number) =>
  plan.sessions[session]?.exercises[index] as Exercise;

describe('workoutPlanSchema', () => {
  it('accepts the realistic example', async () => {
    expect(await issuesOf(example)).toEqual([]);
  });

  it('rejects an exercise with both reps and a duration, or neither', async () => {
    const issues = await issuesOf(
      withChanges((plan) => {
        exercise(plan, 0, 0).reps = 10;
        exercise(plan, 1, 0).reps = null;
      }),
    );
    expect(issues).toEqual([
      'sessions[0].exercises[0].reps: Give either reps or durationSeconds, not both and not neither',
      'sessions[1].exercises[0].reps: Give either reps or durationSeconds, not both and not neither',
    ]);
  });

  it('rejects zero sets, negative rest and fractional reps', async () => {
    const issues = await issuesOf(
      withChanges((plan) => {
        const squat = exercise(plan, 1, 0);
        squat.sets = 0;
        squat.restSeconds = -30;
        squat.reps = 8.5;
      }),
    );
    expect(issues).toEqual([
      'sessions[1].exercises[0].sets: Too small: expected number to be >0',
      'sessions[1].exercises[0].reps: Invalid input: expected int, received number',
      'sessions[1].exercises[0].restSeconds: Too small: expected number to be >=0',
    ]);
  });

  it('rejects a session count that does not match sessionsPerWeek', async () => {
    expect(await issuesOf(withChanges((plan) => (plan.sessionsPerWeek = 3)))).toEqual([
      'sessions: Expected 3 sessions (sessionsPerWeek), got 2',
    ]);
  });

  it('rejects an unknown goal, a session without exercises, and no safety notes', async () => {
    const issues = await issuesOf(
      withChanges((plan) => {
        (plan as { goal: string }).goal = 'get huge';
        (plan.sessions[0] as { exercises: unknown[] }).exercises = [];
        plan.safetyNotes = [];
      }),
    );
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^goal: Invalid option: expected one of "strength"/);
    expect(issues.slice(1)).toEqual([
      'sessions[0].exercises: Too small: expected array to have >=1 items',
      'safetyNotes: Too small: expected array to have >=1 items',
    ]);
  });

  it('is strict-mode ready for vendors, on the strong tier', () => {
    expect(workoutPlanWidget.jsonSchema?.strict).toBe(true);
    expect(workoutPlanWidget.tier).toBe('strong');
  });
});

describe('workoutPlanWidget intents', () => {
  const vendor = mockVendor();
  const router = createRouter({ providers: [vendor.provider], models: vendor.models });
  const registry = createWidgetRegistry([workoutPlanWidget], { router });
  afterAll(() => router.close());
  const widgetFor = (content: string) =>
    registry.match({ messages: [{ role: 'user', content }] }).widget;

  it.each([
    'Create a 3-day workout plan to build endurance for my cross-country team',
    'A beginner strength program for 14-year-olds',
    'Give me a circuit for a rainy-day PE class',
    'Some workouts I can do at home without equipment',
  ])('matches "%s"', (request) => {
    expect(widgetFor(request)).toBe('workout-plan');
  });

  it.each(['I need a meal plan for the tournament', 'What is the offside rule?'])(
    'leaves "%s" to the fallback',
    (request) => {
      expect(widgetFor(request)).toBe('general-response');
    },
  );
});
