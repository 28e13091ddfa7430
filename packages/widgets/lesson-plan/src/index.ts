export { lessonPlanWidget } from './lesson-plan-widget.js';
export { lessonActivitySchema, lessonPlanSchema } from './lesson-plan-schema.js';
export type { LessonActivity, LessonPlan } from './lesson-plan-schema.js';
export { LESSON_PLAN_PROMPT } from './lesson-plan-prompt.js';
