// Type-checked with moduleResolution node16 (as ESM) and bundler.
import { type ChatResponse, createRouter, type Router, type StreamEvent } from '@switchyard/core';
import { type ServedStreamEvent, toSSEResponse } from '@switchyard/http';
import { createOpenAI } from '@switchyard/openai';
import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { type GeneralWidget, generalWidget } from '@switchyard/widget-general';
import { lessonPlanWidget } from '@switchyard/widget-lesson-plan';

const mock: MockProvider = createMockProvider({ id: 'mock' });
const router: Router = createRouter({ providers: [mock, createOpenAI({ apiKey: 'sk-x' })] });
export async function answer(): Promise<string> {
  const response: ChatResponse = await router.chat({ messages: [{ role: 'user', content: 'x' }] });
  return response.text;
}
export const sse: Response = toSSEResponse((signal) =>
  router.stream({ messages: [{ role: 'user', content: 'x' }], signal }),
);
export function isFinish(event: StreamEvent | ServedStreamEvent): boolean {
  return event.type === 'finish';
}
export const widgets = [generalWidget.name, lessonPlanWidget.name];
export type Data = GeneralWidget;
