// Runs in a fresh project that installed the packed tarballs: every package loads as ESM and the
// main paths work end to end.
import assert from 'node:assert/strict';
import { createRouter, extractJson, NoProviderAvailableError } from '@switchyard/core';
import { providersFromEnv } from '@switchyard/env';
import { readStreamEvents, toSSEResponse } from '@switchyard/http';
import { createOpenAI } from '@switchyard/openai';
import { createChatCompletionsProvider } from '@switchyard/openai-compatible';
import { createMockProvider, startFakeOpenAI } from '@switchyard/testing';
import { attendanceWidget } from '@switchyard/widget-attendance';
import { generalWidget } from '@switchyard/widget-general';
import { lessonPlanWidget } from '@switchyard/widget-lesson-plan';
import { mealPlanWidget } from '@switchyard/widget-meal-plan';
import { workoutPlanWidget } from '@switchyard/widget-workout-plan';

assert.equal(typeof createChatCompletionsProvider, 'function');
for (const widget of [
  attendanceWidget,
  generalWidget,
  lessonPlanWidget,
  mealPlanWidget,
  workoutPlanWidget,
]) {
  assert.equal(typeof widget.name, 'string');
}
assert.deepEqual(extractJson("{'a': 1,}"), { ok: true, value: { a: 1 }, repaired: true });
assert.deepEqual(await providersFromEnv({ env: {} }), []);

// The OpenAI adapter through the real SDK against the fake server, served as SSE.
const vendor = await startFakeOpenAI();
vendor.stream('Hello from ESM.');
const router = createRouter({
  providers: [createOpenAI({ apiKey: vendor.apiKey, baseURL: vendor.baseURL })],
  defaultModel: 'openai:gpt-4o-mini',
});
const response = toSSEResponse((signal) =>
  router.stream({ messages: [{ role: 'user', content: 'Hi' }], signal }),
);
const types = [];
let text = '';
for await (const event of readStreamEvents(response)) {
  types.push(event.type);
  if (event.type === 'text-delta') text += event.text;
}
assert.deepEqual(types, ['start', 'text-delta', 'text-delta', 'text-delta', 'finish']);
assert.equal(text, 'Hello from ESM.');
await router.close();
await vendor.close();

// A failing mock: the typed error, recognised across copies.
const failing = createRouter({
  providers: [createMockProvider({ id: 'mock', rules: [{ fail: { status: 401 } }] })],
  defaultModel: 'mock:m',
});
const error = await failing.chat({ messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
assert.ok(NoProviderAvailableError.isInstance(error) || error.kind === 'auth', String(error));
await failing.close();
console.log('esm ok');
