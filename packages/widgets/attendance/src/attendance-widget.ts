import { defineWidget } from '@switchyard/core';
import { ATTENDANCE_PROMPT } from './attendance-prompt.js';
import { attendanceSchema } from './attendance-schema.js';

/**
 * The attendance widget: the model confirms the register in a few lines on the `fast` tier, then
 * a second cheap call extracts the records through a forced tool call (the `tool` strategy).
 * Matches requests such as "take attendance for period 3: Diego is absent, Emma was late".
 */
export const attendanceWidget = defineWidget({
  name: 'attendance',
  description:
    'An attendance register: each named student with a status (present, absent, late, excused), minutes late, notes, and the totals.',
  intents: [
    {
      name: 'attendance',
      keywords: [
        'attendance',
        'take attendance',
        'roll call',
        'take roll',
        'absent',
        'absences',
        'tardy',
        'came late',
        'was late',
        'were late',
        'mark present',
      ],
      weight: 2,
    },
  ],
  tier: 'fast',
  prompt: ATTENDANCE_PROMPT,
  schema: attendanceSchema,
  extraction: 'tool',
  extractionModel: 'fast',
  examples: [
    {
      request:
        "Take attendance for 7B PE, period 3, on 2025-03-14: Ana, Ben and Chloe are here, Diego is absent, Emma came 10 minutes late, Farah has a doctor's note.",
      data: {
        className: '7B PE',
        date: '2025-03-14',
        period: 'Period 3',
        records: [
          { studentName: 'Ana', status: 'present', minutesLate: null, note: null },
          { studentName: 'Ben', status: 'present', minutesLate: null, note: null },
          { studentName: 'Chloe', status: 'present', minutesLate: null, note: null },
          { studentName: 'Diego', status: 'absent', minutesLate: null, note: null },
          { studentName: 'Emma', status: 'late', minutesLate: 10, note: null },
          { studentName: 'Farah', status: 'excused', minutesLate: null, note: "Doctor's note" },
        ],
        summary: { present: 3, absent: 1, late: 1, excused: 1 },
      },
    },
  ],
});
