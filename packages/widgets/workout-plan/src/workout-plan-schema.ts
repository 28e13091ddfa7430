import { z } from 'zod/v4';

/** One exercise of a session: counted (`reps`) or timed (`durationSeconds`), never both. */
export const exerciseSchema = z
  .object({
    name: z.string().min(1).max(80),
    sets: z.int().positive().max(10),
    reps: z
      .int()
      .positive()
      .max(100)
      .nullable()
      .describe('Repetitions per set; null for a timed exercise'),
    durationSeconds: z
      .int()
      .positive()
      .max(3600)
      .nullable()
      .describe('Seconds per set; null for a counted exercise'),
    restSeconds: z.int().nonnegative().max(600).describe('Rest after each set'),
    cues: z.array(z.string().min(1).max(160)).max(4).describe('Short coaching cues'),
  })
  .superRefine((exercise, ctx) => {
    if ((exercise.reps === null) === (exercise.durationSeconds === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reps'],
        message: 'Give either reps or durationSeconds, not both and not neither',
      });
    }
  });

/** One training session. */
export const workoutSessionSchema = z.object({
  day: z.string().min(1).max(40).describe('"Monday" or "Day 1"'),
  focus: z.string().min(1).max(80).describe('For example "aerobic base" or "lower-body strength"'),
  durationMinutes: z.int().positive().max(180),
  warmUp: z.array(z.string().min(1).max(160)).min(1).max(8),
  exercises: z.array(exerciseSchema).min(1).max(15),
  coolDown: z.array(z.string().min(1).max(160)).min(1).max(6),
});

/**
 * A workout plan: a week of sessions of exercises with sets, reps or time, rest and cues. The
 * sessions listed match `sessionsPerWeek`.
 */
export const workoutPlanSchema = z
  .object({
    title: z.string().min(1).max(120),
    goal: z.enum([
      'strength',
      'endurance',
      'speed',
      'mobility',
      'weight-management',
      'sport-skills',
      'general-fitness',
    ]),
    level: z.enum(['beginner', 'intermediate', 'advanced']),
    weeks: z.int().positive().max(16).describe('How many weeks to repeat this week of sessions'),
    sessionsPerWeek: z.int().min(1).max(7),
    sessions: z.array(workoutSessionSchema).min(1).max(7),
    equipment: z.array(z.string().min(1).max(80)).describe('Empty for bodyweight-only plans'),
    progression: z
      .string()
      .min(1)
      .max(400)
      .describe('How to make the plan harder from week to week'),
    safetyNotes: z.array(z.string().min(1).max(300)).min(1).max(6),
  })
  .superRefine((plan, ctx) => {
    if (plan.sessions.length !== plan.sessionsPerWeek) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessions'],
        message: `Expected ${plan.sessionsPerWeek} sessions (sessionsPerWeek), got ${plan.sessions.length}`,
      });
    }
  });

/** A workout plan, as the widget returns it. */
export type WorkoutPlan = z.infer<typeof workoutPlanSchema>;
/** One session of a {@link WorkoutPlan}. */
export type WorkoutSession = z.infer<typeof workoutSessionSchema>;
/** One exercise of a {@link WorkoutSession}. */
export type Exercise = z.infer<typeof exerciseSchema>;
