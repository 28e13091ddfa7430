import { createRouter, createToolRegistry, defineTool, type Router } from '@switchyard/core';
import { type FakeServer, startFakeOpenAI } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createOpenAI } from './openai-provider.js';

// The router's tool loop through the real openai SDK and the fake server: the results go back as
// `tool` messages (several in one turn), the tools run in parallel, and only the selected
// domain's schemas are sent.

let server: FakeServer;
let router: Router;

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });
// When each tool started and finished (ms): overlapping windows prove the calls ran in parallel
// whatever the machine's load.
const windows: { name: string; start: number; end: number }[] = [];
const tool = (name: string, domain = 'travel') =>
  defineTool({
    name,
    description: `The ${name} of a city`,
    domain,
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }, { signal }) => {
      const start = performance.now();
      await wait(200, signal);
      windows.push({ name, start, end: performance.now() });
      return { [name]: `${name} for ${city}` };
    },
  });
const question = [{ role: 'user' as const, content: 'Plan a day in Lyon' }];
type Sent = {
  messages: { role: string; tool_call_id?: string; content?: string }[];
  tools?: { function: { name: string } }[];
};
const sent = (i: number) => server.requests[i]?.body as Sent;

beforeEach(async () => {
  windows.length = 0;
  server = await startFakeOpenAI();
  router = createRouter({
    providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
    models: { fast: 'openai:gpt-4o-mini' },
    retry: { maxRetries: 0 },
  });
});
afterEach(async () => {
  await router.close();
  await server.close();
});

describe('tool loop through the OpenAI SDK', () => {
  it('runs three 200 ms tools in about 200 ms and sends three tool messages back in one turn', async () => {
    server
      .reply({
        toolCalls: [
          { name: 'weather', arguments: { city: 'Lyon' } },
          { name: 'route', arguments: { city: 'Lyon' } },
          { name: 'budget', arguments: { city: 'Lyon' } },
        ],
      })
      .reply('Sunny, 2 h by train, 90 EUR.');
    const answer = await router.chat({
      messages: question,
      tools: [tool('weather'), tool('route'), tool('budget')],
      maxSteps: 4,
    });
    expect(answer.text).toBe('Sunny, 2 h by train, 90 EUR.');
    // In parallel: every tool started before the first one finished (one after another, each
    // would start after the previous one's 200 ms).
    expect(windows).toHaveLength(3);
    const firstEnd = Math.min(...windows.map((w) => w.end));
    expect(windows.every((w) => w.start < firstEnd)).toBe(true);
    const second = sent(1);
    const results = second.messages.filter((m) => m.role === 'tool');
    expect(results).toHaveLength(3);
    const firstCalls = answer.toolLoop?.steps[0]?.response.toolCalls ?? [];
    expect(results.map((m) => m.tool_call_id)).toEqual(firstCalls.map((c) => c.id));
    expect(JSON.parse(results[1]?.content ?? '')).toEqual({ route: 'route for Lyon' });
    expect(answer.costUsd).toBeGreaterThan(0);
  });

  it('sends the model a throwing tool’s error and the other results', async () => {
    const broken = defineTool({
      name: 'budget',
      description: 'Budget',
      parameters: z.object({ city: z.string() }),
      execute: () => {
        throw new Error('pricing service down');
      },
    });
    server
      .reply({
        toolCalls: [
          { name: 'weather', arguments: { city: 'Lyon' } },
          { name: 'budget', arguments: { city: 'Lyon' } },
          { name: 'route', arguments: { town: 'Lyon' } },
        ],
      })
      .reply('Sunny; no budget yet.');
    const answer = await router.chat({
      messages: question,
      tools: [tool('weather'), broken, tool('route')],
      maxSteps: 2,
    });
    expect(answer.text).toBe('Sunny; no budget yet.');
    const results = sent(1).messages.filter((m) => m.role === 'tool');
    expect(results.map((m) => m.content)).toEqual([
      JSON.stringify({ weather: 'weather for Lyon' }),
      expect.stringContaining('pricing service down'),
      expect.stringContaining('Invalid arguments for \\"route\\"'),
    ]);
    expect(router.stats().byTool.budget).toMatchObject({ calls: 1, errors: 1 });
  });

  it('sends only the chosen domain’s schemas, loading that domain once', async () => {
    const travel = vi.fn(async () => [tool('weather'), tool('route')]);
    const billing = vi.fn(async () => [tool('invoice', 'billing'), tool('refund', 'billing')]);
    const registry = createToolRegistry({ domains: { travel, billing } });
    server.reply('Nothing to call.').reply('Still nothing.');
    const ask = () =>
      router.chat({
        messages: question,
        toolRegistry: registry,
        toolDomain: 'travel',
        maxSteps: 2,
      });
    const answer = await ask();
    await ask();
    expect(sent(0).tools?.map((t) => t.function.name)).toEqual(['weather', 'route']);
    expect(travel).toHaveBeenCalledTimes(1);
    expect(billing).not.toHaveBeenCalled();
    expect(answer.route.tools).toMatchObject({ domain: 'travel', offered: ['weather', 'route'] });
    expect(answer.route.tools?.savedTokens).toBeGreaterThan(0);
  });

  it('aborts during a tool: the request rejects and no further turn is sent', async () => {
    // The abort comes from inside the running tool, not from a timer: on a loaded machine a timer
    // could fire before the first turn even reached the server.
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const held = defineTool({
      name: 'weather',
      description: 'The weather of a city',
      parameters: z.object({ city: z.string() }),
      execute: (_args, { signal }) => {
        toolSignal = signal;
        controller.abort();
        return wait(5_000, signal);
      },
    });
    server.reply({ toolCalls: [{ name: 'weather', arguments: { city: 'Lyon' } }] });
    const running = router.chat({
      messages: question,
      tools: [held],
      maxSteps: 3,
      signal: controller.signal,
    });
    await expect(running).rejects.toMatchObject({ kind: 'abort' });
    expect(toolSignal?.aborted).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
