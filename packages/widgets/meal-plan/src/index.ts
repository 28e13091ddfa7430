export { mealPlanWidget } from './meal-plan-widget.js';
export { mealPlanDaySchema, mealPlanSchema, mealSchema } from './meal-plan-schema.js';
export type { Meal, MealPlan, MealPlanDay } from './meal-plan-schema.js';
export { MEAL_PLAN_PROMPT } from './meal-plan-prompt.js';
