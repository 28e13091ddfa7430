export { attendanceWidget } from './attendance-widget.js';
export {
  attendanceRecordSchema,
  attendanceSchema,
  attendanceSummarySchema,
} from './attendance-schema.js';
export type { Attendance, AttendanceRecord, AttendanceSummary } from './attendance-schema.js';
export { ATTENDANCE_PROMPT } from './attendance-prompt.js';
