import type { WidgetData } from '@switchyard/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Attendance, AttendanceRecord } from './attendance-schema.js';
import { attendanceWidget } from './attendance-widget.js';

describe('attendance types', () => {
  it('gives the host the schema’s inferred type', () => {
    expectTypeOf<WidgetData<typeof attendanceWidget>>().toEqualTypeOf<Attendance>();
    expectTypeOf(attendanceWidget.name).toEqualTypeOf<'attendance'>();
  });

  it('types every field', () => {
    expectTypeOf<AttendanceRecord['status']>().toEqualTypeOf<
      'present' | 'absent' | 'late' | 'excused'
    >();
    expectTypeOf<AttendanceRecord['minutesLate']>().toEqualTypeOf<number | null>();
    expectTypeOf<Attendance['date']>().toEqualTypeOf<string | null>();
    expectTypeOf<Attendance['summary']>().toEqualTypeOf<{
      present: number;
      absent: number;
      late: number;
      excused: number;
    }>();
  });
});
