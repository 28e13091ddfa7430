export { workoutPlanWidget } from './workout-plan-widget.js';
export { exerciseSchema, workoutPlanSchema, workoutSessionSchema } from './workout-plan-schema.js';
export type { Exercise, WorkoutPlan, WorkoutSession } from './workout-plan-schema.js';
export { WORKOUT_PLAN_PROMPT } from './workout-plan-prompt.js';
