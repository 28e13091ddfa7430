import type { WidgetData } from '@switchyard/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Meal, MealPlan } from './meal-plan-schema.js';
import { mealPlanWidget } from './meal-plan-widget.js';

describe('meal-plan types', () => {
  it('gives the host the schema’s inferred type', () => {
    expectTypeOf<WidgetData<typeof mealPlanWidget>>().toEqualTypeOf<MealPlan>();
    expectTypeOf(mealPlanWidget.name).toEqualTypeOf<'meal-plan'>();
  });

  it('types every field, nullable estimates included', () => {
    expectTypeOf<Meal['type']>().toEqualTypeOf<'breakfast' | 'lunch' | 'dinner' | 'snack'>();
    expectTypeOf<Meal['calories']>().toEqualTypeOf<number | null>();
    expectTypeOf<Meal['ingredients']>().toEqualTypeOf<string[]>();
    expectTypeOf<MealPlan['dailyCalorieTarget']>().toEqualTypeOf<number | null>();
    expectTypeOf<MealPlan['shoppingList']>().toEqualTypeOf<{ item: string; quantity: string }[]>();
  });
});
