import { z } from 'zod/v4';

/** One student's attendance. `minutesLate` is given only for late students. */
export const attendanceRecordSchema = z
  .object({
    studentName: z.string().min(1).max(80),
    status: z.enum(['present', 'absent', 'late', 'excused']),
    minutesLate: z
      .int()
      .positive()
      .max(240)
      .nullable()
      .describe('Only for late students; null otherwise or when unknown'),
    note: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .describe('A reason or remark the teacher gave; null when none'),
  })
  .superRefine((record, ctx) => {
    if (record.minutesLate !== null && record.status !== 'late') {
      ctx.addIssue({
        code: 'custom',
        path: ['minutesLate'],
        message: `minutesLate is only for late students; this one is ${record.status}`,
      });
    }
  });

/** Counts per status; they must match the records. */
export const attendanceSummarySchema = z.object({
  present: z.int().nonnegative(),
  absent: z.int().nonnegative(),
  late: z.int().nonnegative(),
  excused: z.int().nonnegative(),
});

/**
 * An attendance register for one class and session: a record per student (names unique) and a
 * summary whose counts match the records.
 */
export const attendanceSchema = z
  .object({
    className: z.string().min(1).max(80).describe('For example "7B PE" or "Period 3"'),
    date: z.iso.date().nullable().describe('YYYY-MM-DD; null when the teacher gave no date'),
    period: z.string().min(1).max(40).nullable().describe('Lesson or period; null when not given'),
    records: z.array(attendanceRecordSchema).min(1).max(200),
    summary: attendanceSummarySchema,
  })
  .superRefine((register, ctx) => {
    const counts = { present: 0, absent: 0, late: 0, excused: 0 };
    const seen = new Set<string>();
    register.records.forEach((record, i) => {
      counts[record.status] += 1;
      const key = record.studentName.trim().toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['records', i, 'studentName'],
          message: `${record.studentName} is listed more than once`,
        });
      }
      seen.add(key);
    });
    for (const status of ['present', 'absent', 'late', 'excused'] as const) {
      if (register.summary[status] !== counts[status]) {
        ctx.addIssue({
          code: 'custom',
          path: ['summary', status],
          message: `The records have ${counts[status]} ${status}, the summary says ${register.summary[status]}`,
        });
      }
    }
  });

/** An attendance register, as the widget returns it. */
export type Attendance = z.infer<typeof attendanceSchema>;
/** One student of an {@link Attendance} register. */
export type AttendanceRecord = z.infer<typeof attendanceRecordSchema>;
/** The counts of an {@link Attendance} register. */
export type AttendanceSummary = z.infer<typeof attendanceSummarySchema>;
