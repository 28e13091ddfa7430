import { defineWidget } from '@switchyard/core';
import { LESSON_PLAN_PROMPT } from './lesson-plan-prompt.js';
import { lessonPlanSchema } from './lesson-plan-schema.js';

/**
 * The lesson-plan widget: a structured lesson plan on the `strong` tier, extracted with the
 * vendor's native structured output. Matches requests such as "plan a 45-minute volleyball lesson
 * for grade 7" or "I need a lesson plan on fractions".
 */
export const lessonPlanWidget = defineWidget({
  name: 'lesson-plan',
  description:
    'A lesson plan with objectives, timed activities, materials, assessment, differentiation and safety notes.',
  intents: [
    {
      name: 'lesson-plan',
      keywords: ['lesson plan', 'plan a lesson', 'unit plan', 'lesson', 'teach a class'],
      patterns: [/\bplan\s+(?:a|an|my|the|our|this)\b[^.?!\n]{0,60}?\b(?:lesson|class|period)\b/i],
      weight: 2,
    },
  ],
  tier: 'strong',
  prompt: LESSON_PLAN_PROMPT,
  schema: lessonPlanSchema,
  extraction: 'native',
  examples: [
    {
      request:
        'Plan a 45-minute volleyball lesson for my grade 7 class on the forearm pass. 24 students.',
      data: {
        title: 'Forearm Pass Fundamentals',
        subject: 'Physical Education',
        gradeLevel: 'Grade 7',
        durationMinutes: 45,
        objectives: [
          'Students can form a stable platform with both forearms.',
          'Students can pass a tossed ball to a partner with control three times in a row.',
        ],
        materials: ['12 volleyballs (1 per pair)', '2 nets', '12 cones'],
        activities: [
          {
            name: 'Dynamic warm-up',
            phase: 'warm-up',
            durationMinutes: 7,
            description:
              'Jog, side shuffles and arm circles around the court, then ready-position drills on the whistle.',
            grouping: 'whole-class',
          },
          {
            name: 'Platform demo',
            phase: 'instruction',
            durationMinutes: 6,
            description:
              'Teacher demonstrates the platform, bent knees and angling the arms to the target; students mirror without a ball.',
            grouping: 'whole-class',
          },
          {
            name: 'Toss and pass',
            phase: 'practice',
            durationMinutes: 12,
            description:
              'One partner tosses underhand, the other passes back to the tosser; switch after ten passes and step back a cone as accuracy improves.',
            grouping: 'pairs',
          },
          {
            name: 'Keep it up',
            phase: 'game',
            durationMinutes: 13,
            description:
              'Groups of four keep the ball up with forearm passes only and count their best streak.',
            grouping: 'small-groups',
          },
          {
            name: 'Stretch and reflect',
            phase: 'cool-down',
            durationMinutes: 5,
            description:
              'Forearm and shoulder stretches while pairs name one cue that helped their pass.',
            grouping: 'pairs',
          },
        ],
        assessment: {
          method: 'Observation checklist during the toss-and-pass drill.',
          successCriteria: [
            'Arms stay straight and together at contact.',
            'The ball reaches the partner at head height or lower.',
          ],
        },
        differentiation: [
          'Easier: use a beach ball or let the ball bounce once before passing.',
          'Harder: pass to a moving partner or toward a hoop target.',
        ],
        safetyNotes: [
          'Keep two metres between pairs so passes do not cross.',
          'Collect loose balls only when the whistle stops play.',
        ],
      },
    },
  ],
});
