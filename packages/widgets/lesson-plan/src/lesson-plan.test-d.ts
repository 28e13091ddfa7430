import type { WidgetData } from '@switchyard/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { LessonActivity, LessonPlan } from './lesson-plan-schema.js';
import { lessonPlanWidget } from './lesson-plan-widget.js';

describe('lesson-plan types', () => {
  it('gives the host the schema’s inferred type', () => {
    expectTypeOf<WidgetData<typeof lessonPlanWidget>>().toEqualTypeOf<LessonPlan>();
    expectTypeOf(lessonPlanWidget.name).toEqualTypeOf<'lesson-plan'>();
  });

  it('types every field', () => {
    expectTypeOf<LessonPlan['durationMinutes']>().toEqualTypeOf<number>();
    expectTypeOf<LessonPlan['objectives']>().toEqualTypeOf<string[]>();
    expectTypeOf<LessonPlan['assessment']>().toEqualTypeOf<{
      method: string;
      successCriteria: string[];
    }>();
    expectTypeOf<LessonActivity['phase']>().toEqualTypeOf<
      'warm-up' | 'instruction' | 'practice' | 'game' | 'cool-down' | 'reflection'
    >();
    expectTypeOf<LessonActivity['grouping']>().toEqualTypeOf<
      'individual' | 'pairs' | 'small-groups' | 'whole-class'
    >();
  });
});
