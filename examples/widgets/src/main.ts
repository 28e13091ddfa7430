import { createRouter, createWidgetRegistry, type WidgetRequest } from '@switchyard/core';
import { attendanceWidget } from '@switchyard/widget-attendance';
import { generalWidget } from '@switchyard/widget-general';
import { lessonPlanWidget } from '@switchyard/widget-lesson-plan';
import { mealPlanWidget } from '@switchyard/widget-meal-plan';
import { workoutPlanWidget } from '@switchyard/widget-workout-plan';
import { mockVendors } from './mock-vendors.js';
import { type AssistantResult, printWidget } from './print-widget.js';

const { openai, anthropic } = mockVendors();
console.log(
  "Switchyard widgets: a PE teacher's assistant, running on mock providers (no API keys are used; the vendors answer with canned, realistic JSON).\n",
);

const router = createRouter({
  providers: [openai, anthropic],
  models: {
    fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'],
    strong: ['openai:gpt-4o', 'anthropic:claude-sonnet-5'],
  },
});
const extractions: string[] = [];
router.on('extraction', (event) => {
  extractions.push(`${event.widget}: ${event.success ? 'ok' : 'failed'} in ${event.attempts}`);
});

// Plans on the strong tier; attendance and general answers on the fast tier (as in the seed).
const assistant = createWidgetRegistry(
  [lessonPlanWidget, mealPlanWidget, workoutPlanWidget, attendanceWidget, generalWidget],
  { router },
);

const ask = (content: string): WidgetRequest => ({ messages: [{ role: 'user', content }] });

function describe(result: AssistantResult): string {
  const { response, attempts } = result;
  const via = `${response.provider}:${response.model}`;
  const tries =
    attempts.length === 0
      ? 'no extraction'
      : attempts.map((a) => `${a.stage}${a.success ? '' : ' ✗'}`).join(' → ');
  return `   → ${result.widget} · tier ${response.route.tier ?? 'default'} · ${via} · ${tries}`;
}

const requests = [
  'Plan a 45-minute volleyball lesson for my grade 7 class on the forearm pass. 24 students.',
  "Take attendance for 7B PE, period 3, on 2025-03-14: Ana, Ben and Chloe are here, Diego is absent, Emma came 10 minutes late, Farah has a doctor's note.",
  'Create a 2-day-a-week workout plan to build endurance for my beginner cross-country runners.',
  'I need a meal plan for a one-day basketball tournament for 12 players, nut-free please.',
  'How do I keep students motivated during the winter months?',
];

async function main(): Promise<void> {
  let n = 0;
  for (const content of requests) {
    n += 1;
    console.log(`${n}. "${content}"`);
    const result = await assistant.handle(ask(content));
    console.log(describe(result));
    console.log(printWidget(result));
    console.log('');
  }

  n += 1;
  const streamed = 'Give me a checklist for setting up the gym before the fitness test.';
  console.log(`${n}. "${streamed}" (streamed)`);
  let chunks = 0;
  for await (const event of assistant.stream(ask(streamed))) {
    if (event.type === 'start')
      console.log(`   streaming from ${event.provider}:${event.model} for ${event.widget}`);
    if (event.type === 'text-delta') chunks += 1;
    if (event.type === 'finish') {
      console.log(`   ${chunks} text chunks streamed; the widget data came with finish`);
      console.log(describe(event));
      console.log(printWidget(event));
    }
  }

  await new Promise((resolve) => setImmediate(resolve));
  console.log(`\nextractions recorded: ${extractions.join('; ')}`);
}

try {
  await main();
} finally {
  await router.close();
}
