import { contentText, type ProviderRequest } from '@switchyard/core';
import { createMockProvider, type MockProvider } from '@switchyard/testing';

// Canned answers so the demo reads like a real session when no API keys are set.
const answers: [RegExp, string][] = [
  [/capital of france/i, 'Paris.'],
  [
    /deadlock/i,
    'A deadlock needs four conditions at once: mutual exclusion, hold-and-wait, no preemption and circular wait. Break any one: order your locks globally, take them all at once with a timeout, or make a lock holder release on contention.',
  ],
  [/haiku/i, 'Requests find their path,\nbreakers rest while vendors heal,\nthe answer arrives.'],
  [
    /retry/i,
    'Retry with exponential backoff and full jitter, honour Retry-After, and stop after a bounded number of tries.',
  ],
];
const reply = (request: ProviderRequest) => {
  const user = [...request.messages].reverse().find((m) => m.role === 'user');
  const last = user === undefined ? '' : contentText(user.content);
  return answers.find(([pattern]) => pattern.test(last))?.[1] ?? `A considered answer to: ${last}`;
};

/** Two mock vendors with realistic latency, standing in for OpenAI and Anthropic. */
export function mockVendors(): { openai: MockProvider; anthropic: MockProvider } {
  const openai = createMockProvider({
    id: 'openai',
    latencyMs: { min: 60, max: 140 },
    chunkDelayMs: 25,
    rules: [{ reply }],
  });
  const anthropic = createMockProvider({
    id: 'anthropic',
    latencyMs: { min: 80, max: 180 },
    chunkDelayMs: 25,
    rules: [{ reply }],
  });
  return { openai, anthropic };
}
