import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod/v4';
import type { Router } from '../router/router.js';
import { defineWidget, type WidgetData, type WidgetService } from './define-widget.js';
import { generalResponseService } from './general-response.js';
import { createWidgetRegistry } from './widget-registry.js';
import type { WidgetResult } from './widget-result.js';

const lessonSchema = z.object({
  title: z.string(),
  durationMinutes: z.int().positive(),
  objectives: z.array(z.string()).min(1),
  notes: z.string().optional(),
  level: z.enum(['beginner', 'advanced']).default('beginner'),
});

const lesson = defineWidget({
  name: 'lesson-plan',
  description: 'A lesson plan.',
  intents: [{ name: 'lesson-plan', keywords: ['lesson'] }],
  tier: 'strong',
  prompt: 'Plan lessons.',
  schema: lessonSchema,
  examples: [{ request: 'A lesson', data: { title: 'T', durationMinutes: 40, objectives: ['o'] } }],
});

const attendance = defineWidget({
  name: 'attendance',
  description: 'Attendance.',
  intents: [{ name: 'attendance' }],
  tier: 'fast',
  prompt: 'Take attendance.',
  schema: z.object({ absent: z.array(z.string()) }),
  extraction: 'tool',
});

declare const router: Router;

describe('widget types', () => {
  it('infers the data type from the zod schema (its output, defaults applied)', () => {
    expectTypeOf<WidgetData<typeof lesson>>().toEqualTypeOf<z.infer<typeof lessonSchema>>();
    expectTypeOf<WidgetData<typeof lesson>>().toEqualTypeOf<{
      title: string;
      durationMinutes: number;
      objectives: string[];
      notes?: string | undefined;
      level: 'beginner' | 'advanced';
    }>();
    expectTypeOf(lesson.name).toEqualTypeOf<'lesson-plan'>();
    expectTypeOf(lesson).toExtend<WidgetService>();
  });

  it('types examples with the schema input', () => {
    defineWidget({
      name: 'x',
      description: 'x',
      intents: [],
      prompt: 'x',
      schema: lessonSchema,
      // @ts-expect-error: durationMinutes must be a number
      examples: [{ request: 'r', data: { title: 'T', durationMinutes: '40', objectives: [] } }],
    });
  });

  it('gives a text service undefined data', () => {
    expectTypeOf<WidgetData<typeof generalResponseService>>().toEqualTypeOf<undefined>();
    expectTypeOf(generalResponseService.name).toEqualTypeOf<'general-response'>();
  });

  it('returns a union of results told apart by the widget name', async () => {
    const registry = createWidgetRegistry([lesson, attendance], { router });
    const result = await registry.handle({ messages: [{ role: 'user', content: 'hi' }] });
    expectTypeOf(result.widget).toEqualTypeOf<'lesson-plan' | 'attendance' | 'general-response'>();
    if (result.widget === 'lesson-plan') {
      expectTypeOf(result.data).toEqualTypeOf<z.infer<typeof lessonSchema>>();
      expectTypeOf(result.data.objectives).toEqualTypeOf<string[]>();
    } else if (result.widget === 'attendance') {
      expectTypeOf(result.data).toEqualTypeOf<{ absent: string[] }>();
    } else {
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    }
    expectTypeOf(registry.match)
      .returns.toHaveProperty('widget')
      .toEqualTypeOf<'lesson-plan' | 'attendance' | 'general-response'>();
  });

  it('uses the fallback it is given in the result union', async () => {
    const custom = defineWidget({ name: 'chat', description: 'c', intents: [], prompt: 'c' });
    const registry = createWidgetRegistry([attendance], { router, fallback: custom });
    const result = await registry.handle({ messages: [{ role: 'user', content: 'hi' }] });
    expectTypeOf(result.widget).toEqualTypeOf<'attendance' | 'chat'>();
  });

  it('carries the typed data on the finish event of a stream', async () => {
    const registry = createWidgetRegistry([lesson], { router });
    for await (const event of registry.stream({ messages: [{ role: 'user', content: 'hi' }] })) {
      if (event.type === 'start')
        expectTypeOf(event.widget).toEqualTypeOf<'lesson-plan' | 'general-response'>();
      if (event.type === 'text-delta') expectTypeOf(event.text).toEqualTypeOf<string>();
      if (event.type === 'finish' && event.widget === 'lesson-plan') {
        expectTypeOf(event.data.durationMinutes).toEqualTypeOf<number>();
        expectTypeOf(event).toExtend<WidgetResult<'lesson-plan'>>();
      }
    }
  });
});
