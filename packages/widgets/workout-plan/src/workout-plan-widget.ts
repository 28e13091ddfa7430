import { defineWidget } from '@switchyard/core';
import { WORKOUT_PLAN_PROMPT } from './workout-plan-prompt.js';
import { workoutPlanSchema } from './workout-plan-schema.js';

/**
 * The workout-plan widget: a week of training sessions with exercises, sets, reps or time, rest
 * and cues, on the `strong` tier with the vendor's native structured output. Matches requests
 * such as "a 3-day workout plan for my cross-country team" or "a beginner strength program".
 */
export const workoutPlanWidget = defineWidget({
  name: 'workout-plan',
  description:
    'A workout plan: a week of training sessions with exercises, sets, reps or time, rest and coaching cues.',
  intents: [
    {
      name: 'workout-plan',
      keywords: [
        'workout',
        'workout plan',
        'training plan',
        'training program',
        'exercise plan',
        'fitness plan',
        'strength program',
        'conditioning',
        'circuit',
      ],
      weight: 2,
    },
  ],
  tier: 'strong',
  prompt: WORKOUT_PLAN_PROMPT,
  schema: workoutPlanSchema,
  extraction: 'native',
  examples: [
    {
      request:
        'Create a 2-day-a-week workout plan to build endurance for my beginner cross-country runners.',
      data: {
        title: 'Cross-Country Base Builder',
        goal: 'endurance',
        level: 'beginner',
        weeks: 4,
        sessionsPerWeek: 2,
        sessions: [
          {
            day: 'Tuesday',
            focus: 'Aerobic base',
            durationMinutes: 40,
            warmUp: ['5 minutes easy jog', 'Leg swings, 10 each side', 'A-skips, 2 x 20 m'],
            exercises: [
              {
                name: 'Continuous easy run',
                sets: 1,
                reps: null,
                durationSeconds: 1200,
                restSeconds: 0,
                cues: ['Run at a pace where you can talk', 'Relax the shoulders'],
              },
              {
                name: 'Strides',
                sets: 4,
                reps: null,
                durationSeconds: 20,
                restSeconds: 60,
                cues: ['Build to fast but relaxed', 'Tall posture'],
              },
            ],
            coolDown: ['5 minutes walk', 'Calf and hamstring stretches, 30 s each'],
          },
          {
            day: 'Thursday',
            focus: 'Strength for runners',
            durationMinutes: 35,
            warmUp: ['3 minutes skipping', 'Walking lunges, 2 x 10'],
            exercises: [
              {
                name: 'Bodyweight squat',
                sets: 3,
                reps: 12,
                durationSeconds: null,
                restSeconds: 60,
                cues: ['Knees track over toes', 'Chest up'],
              },
              {
                name: 'Glute bridge',
                sets: 3,
                reps: 15,
                durationSeconds: null,
                restSeconds: 45,
                cues: ['Squeeze at the top for one second'],
              },
              {
                name: 'Front plank',
                sets: 3,
                reps: null,
                durationSeconds: 30,
                restSeconds: 45,
                cues: ['Straight line from head to heels'],
              },
            ],
            coolDown: ['Hip flexor stretch, 30 s each side', 'Easy walk'],
          },
        ],
        equipment: [],
        progression: 'Add 3 minutes to the continuous run and one set of strides each week.',
        safetyNotes: [
          'Run on soft, even ground where possible.',
          'Stop and tell the coach about any sharp or persistent pain.',
        ],
      },
    },
  ],
});
