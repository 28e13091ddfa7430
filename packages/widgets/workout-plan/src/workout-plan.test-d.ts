import type { WidgetData } from '@switchyard/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Exercise, WorkoutPlan, WorkoutSession } from './workout-plan-schema.js';
import { workoutPlanWidget } from './workout-plan-widget.js';

describe('workout-plan types', () => {
  it('gives the host the schema’s inferred type', () => {
    expectTypeOf<WidgetData<typeof workoutPlanWidget>>().toEqualTypeOf<WorkoutPlan>();
    expectTypeOf(workoutPlanWidget.name).toEqualTypeOf<'workout-plan'>();
  });

  it('types every field', () => {
    expectTypeOf<WorkoutPlan['level']>().toEqualTypeOf<'beginner' | 'intermediate' | 'advanced'>();
    expectTypeOf<WorkoutPlan['sessions']>().toEqualTypeOf<WorkoutSession[]>();
    expectTypeOf<Exercise['reps']>().toEqualTypeOf<number | null>();
    expectTypeOf<Exercise['durationSeconds']>().toEqualTypeOf<number | null>();
    expectTypeOf<WorkoutSession['warmUp']>().toEqualTypeOf<string[]>();
  });
});
