import { createRouter, createWidgetRegistry, formatIssue } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import {
  fakeOpenAIVendor,
  mockVendor,
  type ScriptedVendor,
  widgetScenarios,
} from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { MealPlan } from './meal-plan-schema.js';
import { mealPlanWidget } from './meal-plan-widget.js';

// Each vendor runs the same end-to-end scenarios: the mock provider, and the real OpenAI SDK and
// adapter over HTTP with native structured output (strict json_schema).
const vendors: Record<string, () => ScriptedVendor | Promise<ScriptedVendor>> = {
  'the mock provider': () => mockVendor(),
  'a fake OpenAI server': () => fakeOpenAIVendor(createOpenAI),
};

for (const [label, vendor] of Object.entries(vendors)) {
  describe(`mealPlanWidget end to end on ${label}`, () => {
    for (const scenario of widgetScenarios({ widget: mealPlanWidget, vendor }))
      it(scenario.name, scenario.run);
  });
}

const example = mealPlanWidget.examples[0]?.data as MealPlan;
const withChanges = (change: (plan: MealPlan) => void): Record<string, unknown> => {
  const plan = structuredClone(example);
  change(plan);
  return plan;
};
async function issuesOf(value: unknown): Promise<string[]> {
  const result = await mealPlanWidget.parse(value);
  return result.success ? [] : result.issues.map(formatIssue);
}
const firstMeal = (plan: MealPlan) => plan.days[0]?.meals[0] as MealPlan['days'][0]['meals'][0];

describe('mealPlanSchema', () => {
  it('accepts the realistic example', async () => {
    expect(await issuesOf(example)).toEqual([]);
  });

  it('rejects a meal without ingredients, a zero prep time and negative calories', async () => {
    const issues = await issuesOf(
      withChanges((plan) => {
        const meal = firstMeal(plan);
        meal.ingredients = [];
        meal.prepMinutes = 0;
        meal.calories = -100;
      }),
    );
    expect(issues).toEqual([
      'days[0].meals[0].ingredients: Too small: expected array to have >=1 items',
      'days[0].meals[0].prepMinutes: Too small: expected number to be >0',
      'days[0].meals[0].calories: Too small: expected number to be >0',
    ]);
  });

  it('rejects an unknown meal type, no days, and an empty shopping list', async () => {
    expect(
      await issuesOf(
        withChanges((plan) => ((firstMeal(plan) as { type: string }).type = 'brunch')),
      ),
    ).toEqual([
      'days[0].meals[0].type: Invalid option: expected one of "breakfast"|"lunch"|"dinner"|"snack"',
    ]);
    expect(
      await issuesOf(
        withChanges((plan) => {
          plan.days = [];
          plan.shoppingList = [];
        }),
      ),
    ).toEqual([
      'days: Too small: expected array to have >=1 items',
      'shoppingList: Too small: expected array to have >=1 items',
    ]);
  });

  it('rejects the same day twice', async () => {
    const issues = await issuesOf(
      withChanges((plan) => plan.days.push(structuredClone(plan.days[0] as MealPlan['days'][0]))),
    );
    expect(issues).toEqual(['days[1].day: "Tournament day" appears more than once']);
  });

  it('treats null nutrition as unknown, but not a missing field', async () => {
    expect(await issuesOf(withChanges((plan) => (firstMeal(plan).proteinGrams = null)))).toEqual(
      [],
    );
    const { calories: _dropped, ...withoutCalories } = firstMeal(example);
    const issues = await issuesOf(
      withChanges((plan) => {
        (plan.days[0] as { meals: unknown[] }).meals[0] = withoutCalories;
      }),
    );
    expect(issues).toEqual([
      'days[0].meals[0].calories: Invalid input: expected number, received undefined',
    ]);
  });

  it('is strict-mode ready for vendors, on the strong tier', () => {
    expect(mealPlanWidget.jsonSchema?.strict).toBe(true);
    expect(mealPlanWidget.tier).toBe('strong');
  });
});

describe('mealPlanWidget intents', () => {
  const vendor = mockVendor();
  const router = createRouter({ providers: [vendor.provider], models: vendor.models });
  const registry = createWidgetRegistry([mealPlanWidget], { router });
  afterAll(() => router.close());
  const widgetFor = (content: string) =>
    registry.match({ messages: [{ role: 'user', content }] }).widget;

  it.each([
    'I need a meal plan for a two-day basketball tournament',
    'Healthy meals for my family this week, vegetarian',
    'Make me a weekly menu under 2000 kcal',
    'What to eat before a swim meet?',
  ])('matches "%s"', (request) => {
    expect(widgetFor(request)).toBe('meal-plan');
  });

  it.each(['Plan a 45-minute volleyball lesson', 'Who was absent today?'])(
    'leaves "%s" to the fallback',
    (request) => {
      expect(widgetFor(request)).toBe('general-response');
    },
  );
});
