import { z } from 'zod/v4';

/** One meal of a day. */
export const mealSchema = z.object({
  type: z.enum(['breakfast', 'lunch', 'dinner', 'snack']),
  name: z.string().min(1).max(100),
  ingredients: z
    .array(z.string().min(1).max(120))
    .min(1)
    .max(25)
    .describe('Ingredients with amounts per serving, for example "80 g rolled oats"'),
  prepMinutes: z.int().positive().max(240).describe('Preparation and cooking time in minutes'),
  calories: z
    .int()
    .positive()
    .max(3000)
    .nullable()
    .describe('Estimated kcal per serving; null when unknown'),
  proteinGrams: z
    .number()
    .nonnegative()
    .max(300)
    .nullable()
    .describe('Grams per serving; null when unknown'),
});

/** One day of a meal plan. */
export const mealPlanDaySchema = z.object({
  day: z.string().min(1).max(40).describe('"Monday", "Day 1" or "Tournament day 2"'),
  meals: z.array(mealSchema).min(1).max(6),
});

/**
 * A meal plan: days of meals with ingredients, prep times and nutrition estimates, plus a
 * shopping list. Day names are unique.
 */
export const mealPlanSchema = z
  .object({
    title: z.string().min(1).max(120),
    servings: z.int().positive().max(100).describe('People each meal serves'),
    dailyCalorieTarget: z
      .int()
      .positive()
      .max(6000)
      .nullable()
      .describe('Per person; null when the request sets none'),
    dietaryRequirements: z
      .array(z.string().min(1).max(60))
      .describe('For example "vegetarian", "nut-free"; empty when none'),
    days: z.array(mealPlanDaySchema).min(1).max(14),
    shoppingList: z
      .array(
        z.object({
          item: z.string().min(1).max(80),
          quantity: z.string().min(1).max(40).describe('For all servings, for example "2 kg"'),
        }),
      )
      .min(1)
      .max(80),
    notes: z.array(z.string().min(1).max(300)).describe('Prep-ahead, storage or timing tips'),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.days.forEach((day, i) => {
      const key = day.day.trim().toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['days', i, 'day'],
          message: `"${day.day}" appears more than once`,
        });
      }
      seen.add(key);
    });
  });

/** A meal plan, as the widget returns it. */
export type MealPlan = z.infer<typeof mealPlanSchema>;
/** One day of a {@link MealPlan}. */
export type MealPlanDay = z.infer<typeof mealPlanDaySchema>;
/** One meal of a {@link MealPlanDay}. */
export type Meal = z.infer<typeof mealSchema>;
