// Type-checked after the project's zod was replaced by 3.25.76: core's and the widgets'
// declaration files, written against `zod/v4`, take the types of zod 3.25's v4 API.
import { defineTool, defineWidget, toStrictJsonSchema } from '@switchyard/core';
import { attendanceSchema } from '@switchyard/widget-attendance';
import { type GeneralWidget, generalWidgetSchema } from '@switchyard/widget-general';
import { lessonPlanSchema } from '@switchyard/widget-lesson-plan';
import { mealPlanSchema } from '@switchyard/widget-meal-plan';
import { workoutPlanSchema } from '@switchyard/widget-workout-plan';
import { z } from 'zod/v4';

const tool = defineTool({
  name: 'weather',
  description: 'The forecast for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    // @ts-expect-error the argument is inferred from the zod 3.25 schema: a string, not any
    const wrong: number = city;
    return [city.toUpperCase(), wrong];
  },
});
const card = defineWidget({
  name: 'card',
  description: 'A card',
  prompt: 'Answer with a card.',
  intents: [{ name: 'card', keywords: ['card'] }],
  schema: z.object({ title: z.string(), note: z.string().optional() }),
});
const strict: boolean = toStrictJsonSchema(z.object({ a: z.string() })).strict;
const content: GeneralWidget['content'] = generalWidgetSchema.parse({}).content;
const kind: 'list' | 'table' | 'checklist' = content.kind;
const schemas = [attendanceSchema, lessonPlanSchema, mealPlanSchema, workoutPlanSchema].map(
  (schema) => toStrictJsonSchema(schema),
);

export { card, kind, schemas, strict, tool };
