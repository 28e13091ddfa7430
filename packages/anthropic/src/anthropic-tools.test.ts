import { createRouter, type Provider, type Router } from '@switchyard/core';
import { cityTool, type FakeServer, startFakeAnthropic } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropic } from './anthropic-provider.js';

// The router's tool loop through the real Anthropic SDK and the fake server (which signs thinking
// blocks and refuses a tool turn that comes back without them): the results go back as
// `tool_result` blocks, several in one user turn, after the signed thinking, unchanged.

let server: FakeServer;
let provider: Provider;
let router: Router;

const city = z.object({ city: z.string() });
type Block = { type: string; tool_use_id?: string; is_error?: boolean; content?: unknown };
type Sent = { messages: { role: string; content: Block[] | string }[] };

beforeEach(async () => {
  server = await startFakeAnthropic();
  provider = createAnthropic({ apiKey: server.apiKey, baseURL: server.baseURL });
  router = createRouter({
    providers: [provider],
    defaultModel: 'anthropic:claude-opus-4-5',
    retry: { maxRetries: 0 },
  });
});
afterEach(async () => {
  await router.close();
  await provider.close?.();
  await server.close();
});

describe('tool loop through the Anthropic SDK', () => {
  it('sends the signed thinking back unchanged and two tool_result blocks in one turn', async () => {
    server
      .reply({
        reasoning: 'Two tools at once.',
        toolCalls: [
          { name: 'weather', arguments: { city: 'Lyon' } },
          { name: 'route', arguments: {} },
        ],
      })
      .reply('Done.');
    const answer = await router.chat({
      messages: [{ role: 'user', content: 'Lyon?' }],
      tools: [cityTool('weather', city), cityTool('route', city)],
      maxSteps: 3,
      providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 2048 } } },
    });
    // The fake refuses the second turn unless the signed thinking block came back intact.
    expect(answer.text).toBe('Done.');
    const sent = server.requests[1]?.body as Sent;
    const assistant = sent.messages[1]?.content as Block[];
    expect(assistant.map((b) => b.type)).toEqual(['thinking', 'tool_use', 'tool_use']);
    const results = sent.messages[2]?.content as Block[];
    expect(results.map((b) => b.type)).toEqual(['tool_result', 'tool_result']);
    const calls = answer.toolLoop?.steps[0]?.response.toolCalls ?? [];
    expect(results.map((b) => b.tool_use_id)).toEqual(calls.map((c) => c.id));
    expect(results[0]?.is_error).toBeFalsy();
    expect(results[1]?.is_error).toBe(true);
  });
});
