import { createRouter, createWidgetRegistry, formatIssue } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import {
  fakeOpenAIVendor,
  mockVendor,
  type ScriptedVendor,
  widgetScenarios,
} from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { Attendance, AttendanceRecord } from './attendance-schema.js';
import { attendanceWidget } from './attendance-widget.js';

// Each vendor runs the same end-to-end scenarios: the mock provider, and the real OpenAI SDK and
// adapter over HTTP with native structured output (strict json_schema).
const vendors: Record<string, () => ScriptedVendor | Promise<ScriptedVendor>> = {
  'the mock provider': () => mockVendor(),
  'a fake OpenAI server': () => fakeOpenAIVendor(createOpenAI),
};

for (const [label, vendor] of Object.entries(vendors)) {
  describe(`attendanceWidget end to end on ${label}`, () => {
    for (const scenario of widgetScenarios({ widget: attendanceWidget, vendor }))
      it(scenario.name, scenario.run);
  });
}

const example = attendanceWidget.examples[0]?.data as Attendance;
const withChanges = (change: (register: Attendance) => void): Record<string, unknown> => {
  const register = structuredClone(example);
  change(register);
  return register;
};
async function issuesOf(value: unknown): Promise<string[]> {
  const result = await attendanceWidget.parse(value);
  return result.success ? [] : result.issues.map(formatIssue);
}
const record = (register: Attendance, i: number) => register.records[i] as AttendanceRecord;

describe('attendanceSchema', () => {
  it('accepts the realistic example', async () => {
    expect(await issuesOf(example)).toEqual([]);
  });

  it('rejects an unknown status and minutes late for a student who was on time', async () => {
    const issues = await issuesOf(
      withChanges((register) => {
        (record(register, 0) as { status: string }).status = 'sick';
        record(register, 1).minutesLate = 5;
      }),
    );
    expect(issues).toEqual([
      'records[0].status: Invalid option: expected one of "present"|"absent"|"late"|"excused"',
      'records[1].minutesLate: minutesLate is only for late students; this one is present',
    ]);
  });

  it('rejects a summary that does not match the records', async () => {
    const issues = await issuesOf(withChanges((register) => (register.summary.present = 4)));
    expect(issues).toEqual(['summary.present: The records have 3 present, the summary says 4']);
  });

  it('rejects a student listed twice and an empty register', async () => {
    expect(
      await issuesOf(
        withChanges((register) => {
          register.records.push({ ...record(register, 0), studentName: 'ANA' });
          register.summary.present = 4;
        }),
      ),
    ).toEqual(['records[6].studentName: ANA is listed more than once']);
    expect(
      await issuesOf(
        withChanges((register) => {
          register.records = [];
          register.summary = { present: 0, absent: 0, late: 0, excused: 0 };
        }),
      ),
    ).toEqual(['records: Too small: expected array to have >=1 items']);
  });

  it('rejects a date that is not YYYY-MM-DD and negative minutes', async () => {
    const issues = await issuesOf(
      withChanges((register) => {
        register.date = '14/03/2025';
        record(register, 4).minutesLate = -10;
      }),
    );
    expect(issues).toEqual([
      'date: Invalid ISO date',
      'records[4].minutesLate: Too small: expected number to be >0',
    ]);
  });

  it('uses the tool strategy on the fast tier, with a strict schema', () => {
    expect(attendanceWidget.strategy).toBe('tool');
    expect(attendanceWidget.tier).toBe('fast');
    expect(attendanceWidget.extractionModel).toBe('fast');
    expect(attendanceWidget.jsonSchema?.strict).toBe(true);
  });
});

describe('attendanceWidget intents', () => {
  const vendor = mockVendor();
  const router = createRouter({ providers: [vendor.provider], models: vendor.models });
  const registry = createWidgetRegistry([attendanceWidget], { router });
  afterAll(() => router.close());
  const widgetFor = (content: string) =>
    registry.match({ messages: [{ role: 'user', content }] }).widget;

  it.each([
    'Take attendance for period 3',
    'Diego is absent and Emma was late',
    'Roll call for 7B: everyone here except Sam',
    'Log two absences for Friday',
  ])('matches "%s"', (request) => {
    expect(widgetFor(request)).toBe('attendance');
  });

  it.each(['Plan a badminton lesson', 'How late is the gym open?'])(
    'leaves "%s" to the fallback',
    (request) => {
      expect(widgetFor(request)).toBe('general-response');
    },
  );
});
