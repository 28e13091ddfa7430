import { z } from 'zod/v4';

/** One timed activity of a lesson. */
export const lessonActivitySchema = z.object({
  name: z.string().min(1).max(80).describe('Short name of the activity'),
  phase: z
    .enum(['warm-up', 'instruction', 'practice', 'game', 'cool-down', 'reflection'])
    .describe('Where the activity sits in the lesson'),
  durationMinutes: z.int().positive().max(120).describe('Length in whole minutes'),
  description: z.string().min(1).max(600).describe('What students do, in one to three sentences'),
  grouping: z.enum(['individual', 'pairs', 'small-groups', 'whole-class']),
});

/**
 * A lesson plan: objectives, timed activities, materials, assessment, differentiation and
 * safety. Activities may not add up to more than the lesson's length.
 */
export const lessonPlanSchema = z
  .object({
    title: z.string().min(1).max(120),
    subject: z.string().min(1).max(60).describe('For example "Physical Education"'),
    gradeLevel: z.string().min(1).max(40).describe('For example "Grade 7" or "Year 3"'),
    durationMinutes: z.int().positive().max(240).describe('Total lesson length in minutes'),
    objectives: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(6)
      .describe('What students will be able to do by the end of the lesson'),
    materials: z
      .array(z.string().min(1).max(120))
      .describe('Equipment and resources, with quantities; empty when none are needed'),
    activities: z.array(lessonActivitySchema).min(1).max(12),
    assessment: z.object({
      method: z
        .string()
        .min(1)
        .max(300)
        .describe('How learning is checked, for example an observation checklist'),
      successCriteria: z.array(z.string().min(1).max(200)).min(1).max(6),
    }),
    differentiation: z
      .array(z.string().min(1).max(300))
      .describe('Adaptations for different abilities or needs'),
    safetyNotes: z.array(z.string().min(1).max(300)),
  })
  .superRefine((plan, ctx) => {
    const total = plan.activities.reduce((sum, activity) => sum + activity.durationMinutes, 0);
    if (total > plan.durationMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['activities'],
        message: `The activities take ${total} minutes, more than the ${plan.durationMinutes}-minute lesson`,
      });
    }
  });

/** A lesson plan, as the widget returns it. */
export type LessonPlan = z.infer<typeof lessonPlanSchema>;
/** One activity of a {@link LessonPlan}. */
export type LessonActivity = z.infer<typeof lessonActivitySchema>;
