import type { ProviderRequest } from '@switchyard/core';
import { createMockProvider, type MockProvider, type MockReply } from '@switchyard/testing';
import { attendanceWidget } from '@switchyard/widget-attendance';
import { generalWidget } from '@switchyard/widget-general';
import { lessonPlanWidget } from '@switchyard/widget-lesson-plan';
import { mealPlanWidget } from '@switchyard/widget-meal-plan';
import { workoutPlanWidget } from '@switchyard/widget-workout-plan';

// Canned answers so the demo reads like a real session when no API keys are set. The structured
// answers are the widget packages' own realistic examples; the vendors receive the widgets'
// schemas exactly as real ones would.
const json = (widget: { examples: readonly { data: unknown }[] }) =>
  JSON.stringify(widget.examples[0]?.data);

const attendanceProse = `7B PE, Period 3, 2025-03-14.
Present: Ana, Ben, Chloe.
Late: Emma (10 min).
Absent: Diego.
Excused: Farah (doctor's note).
Totals: 3 present, 1 late, 1 absent, 1 excused.`;

const fallbackAnswer =
  'Keep winter lessons short and active: start with a game everyone knows, let students choose between two activities, and celebrate effort, not only results.';

/** What a structured request asks for: the schema name or the forced tool. */
function wanted(request: ProviderRequest): string | undefined {
  if (request.responseFormat?.type === 'json') return request.responseFormat.name;
  const choice = request.toolChoice;
  return typeof choice === 'object' ? choice.name : undefined;
}

let workoutAnswers = 0;

function reply(request: ProviderRequest): MockReply {
  switch (wanted(request)) {
    case 'lesson_plan':
      return json(lessonPlanWidget);
    case 'meal_plan':
      return json(mealPlanWidget);
    case 'workout_plan':
      // The first workout answer forgets a session (sessionsPerWeek says 2): the repair fixes it.
      workoutAnswers += 1;
      if (workoutAnswers === 1) {
        const plan = workoutPlanWidget.examples[0]?.data as { sessions: unknown[] };
        return JSON.stringify({ ...plan, sessions: plan.sessions.slice(0, 1) });
      }
      return json(workoutPlanWidget);
    case 'general_widget':
      return json(generalWidget);
    case 'attendance':
      return {
        toolCalls: [
          {
            name: 'attendance',
            arguments: attendanceWidget.examples[0]?.data as Record<string, unknown>,
          },
        ],
      };
    default: {
      const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
      return system.includes('records class attendance') ? attendanceProse : fallbackAnswer;
    }
  }
}

/** Two mock vendors with realistic latency, standing in for OpenAI and Anthropic. */
export function mockVendors(): { openai: MockProvider; anthropic: MockProvider } {
  const openai = createMockProvider({
    id: 'openai',
    latencyMs: { min: 40, max: 90 },
    chunkDelayMs: 10,
    rules: [{ reply }],
  });
  const anthropic = createMockProvider({
    id: 'anthropic',
    latencyMs: { min: 60, max: 120 },
    chunkDelayMs: 10,
    rules: [{ reply }],
  });
  return { openai, anthropic };
}
