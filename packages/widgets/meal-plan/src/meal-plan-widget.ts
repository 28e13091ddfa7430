import { defineWidget } from '@switchyard/core';
import { MEAL_PLAN_PROMPT } from './meal-plan-prompt.js';
import { mealPlanSchema } from './meal-plan-schema.js';

/**
 * The meal-plan widget: days of meals with ingredients, prep times, nutrition estimates and a
 * shopping list, on the `strong` tier with the vendor's native structured output. Matches
 * requests such as "a meal plan for our two-day tournament" or "healthy meals for the week".
 */
export const mealPlanWidget = defineWidget({
  name: 'meal-plan',
  description:
    'A meal plan: days of meals with ingredients, prep times and nutrition estimates, and a shopping list.',
  intents: [
    {
      name: 'meal-plan',
      keywords: [
        'meal plan',
        'meal prep',
        'weekly menu',
        'diet plan',
        'eating plan',
        'nutrition plan',
        'meals for',
        'healthy meals',
        'what to eat',
      ],
      weight: 2,
    },
  ],
  tier: 'strong',
  prompt: MEAL_PLAN_PROMPT,
  schema: mealPlanSchema,
  extraction: 'native',
  examples: [
    {
      request:
        'I need a meal plan for a one-day basketball tournament for 12 players, nut-free please.',
      data: {
        title: 'Tournament Day Fuel (nut-free)',
        servings: 12,
        dailyCalorieTarget: null,
        dietaryRequirements: ['nut-free'],
        days: [
          {
            day: 'Tournament day',
            meals: [
              {
                type: 'breakfast',
                name: 'Oatmeal with banana and honey',
                ingredients: ['80 g rolled oats', '250 ml milk', '1 banana', '1 tbsp honey'],
                prepMinutes: 10,
                calories: 520,
                proteinGrams: 17,
              },
              {
                type: 'snack',
                name: 'Rice cakes with jam',
                ingredients: ['3 rice cakes', '2 tbsp strawberry jam'],
                prepMinutes: 5,
                calories: 210,
                proteinGrams: 3,
              },
              {
                type: 'lunch',
                name: 'Chicken pasta with tomato sauce',
                ingredients: [
                  '120 g pasta',
                  '100 g chicken breast',
                  '150 ml tomato sauce',
                  '1 tsp olive oil',
                ],
                prepMinutes: 25,
                calories: 680,
                proteinGrams: 42,
              },
              {
                type: 'dinner',
                name: 'Rice bowl with salmon and vegetables',
                ingredients: ['120 g rice', '120 g salmon', '100 g broccoli', '1 tbsp soy sauce'],
                prepMinutes: 30,
                calories: 720,
                proteinGrams: 38,
              },
            ],
          },
        ],
        shoppingList: [
          { item: 'rolled oats', quantity: '1 kg' },
          { item: 'milk', quantity: '3 l' },
          { item: 'bananas', quantity: '12' },
          { item: 'honey', quantity: '1 jar' },
          { item: 'rice cakes', quantity: '36' },
          { item: 'strawberry jam', quantity: '1 jar' },
          { item: 'pasta', quantity: '1.5 kg' },
          { item: 'chicken breast', quantity: '1.2 kg' },
          { item: 'tomato sauce', quantity: '1.8 l' },
          { item: 'rice', quantity: '1.5 kg' },
          { item: 'salmon fillets', quantity: '1.5 kg' },
          { item: 'broccoli', quantity: '1.2 kg' },
        ],
        notes: [
          'Cook the pasta and chicken the evening before and reheat.',
          'Check every packaged item for "may contain nuts" labels.',
        ],
      },
    },
  ],
});
