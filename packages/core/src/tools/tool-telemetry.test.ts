import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createRouter, type Router } from '../router/router.js';
import { defineTool } from './define-tool.js';

// One `execute_tool` span per tool call (GenAI semantic conventions), a child of the loop's
// request span, as are each model turn's own request spans.

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = tracerProvider.getTracer('test');
let openai: MockProvider;
let router: Router;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const weather = defineTool({
  name: 'weather',
  description: 'The forecast for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    await sleep(30);
    return { city, celsius: 18 };
  },
});
const broken = defineTool({
  name: 'budget',
  description: 'The trip budget',
  parameters: z.object({ city: z.string() }),
  execute: () => {
    throw new Error('pricing down, key sk-live-0123456789abcdef0123');
  },
});
const ask = {
  messages: [{ role: 'user' as const, content: 'Lyon trip?' }],
  tools: [weather, broken],
  maxSteps: 3,
};
const toolCalls = {
  toolCalls: [
    { id: 'call_w', name: 'weather', arguments: { city: 'Lyon' } },
    { id: 'call_b', name: 'budget', arguments: { city: 'Lyon' } },
  ],
};

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});
beforeEach(() => {
  exporter.reset();
  openai = createMockProvider({ id: 'openai', rules: [{ reply: 'Sunny.' }] });
  openai.replyNext(toolCalls);
});
afterEach(async () => {
  await router.close();
});

const make = (recordContent = false) => {
  router = createRouter({
    providers: [openai],
    models: { fast: ['openai:gpt-4o-mini'] },
    retry: { maxRetries: 0 },
    telemetry: { tracer, recordContent },
  });
};
const spans = () => exporter.getFinishedSpans();
const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
const ms = ([s, ns]: [number, number]) => s * 1e3 + ns / 1e6;

function checkTree() {
  const all = spans();
  const loop = all.find((s) => s.attributes['switchyard.tool_loop.max_steps'] === 3);
  const tools = all.filter((s) => s.name.startsWith('execute_tool'));
  const turns = all.filter((s) => s !== loop && s.kind === 0 && s.name.startsWith('chat'));
  const attempts = all.filter((s) => s.kind === 2);
  expect(loop?.name).toBe('chat auto');
  expect(parentOf(loop)).toBeUndefined();
  expect(tools.map((s) => s.name).sort()).toEqual(['execute_tool budget', 'execute_tool weather']);
  expect(tools.every((s) => parentOf(s) === idOf(loop))).toBe(true);
  // Two model turns, each its own request span under the loop, each with its attempt under it.
  expect(turns).toHaveLength(2);
  expect(turns.every((s) => parentOf(s) === idOf(loop))).toBe(true);
  expect(attempts.map(parentOf).sort()).toEqual(turns.map(idOf).sort());
  expect(loop?.attributes).toMatchObject({
    'switchyard.tool_loop.steps': 2,
    'switchyard.tool_loop.stop_reason': 'answered',
    'gen_ai.usage.input_tokens': turns.reduce(
      (n, s) => n + Number(s.attributes['gen_ai.usage.input_tokens']),
      0,
    ),
  });
  return { loop, tools };
}

describe('tool spans', () => {
  it('chat: one execute_tool span per call, child of the request span, with status, error type and duration', async () => {
    make();
    const answer = await router.chat(ask);
    expect(answer.text).toBe('Sunny.');
    const { tools } = checkTree();
    const ok = tools.find((s) => s.name === 'execute_tool weather');
    const failed = tools.find((s) => s.name === 'execute_tool budget');
    expect(ok?.kind).toBe(0); // INTERNAL
    expect(ok?.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'weather',
      'gen_ai.tool.call.id': 'call_w',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.description': 'The forecast for a city',
    });
    expect(ok?.status.code).toBe(1);
    // The span covers the tool's run: it slept 30 ms (a lower bound, whatever the load).
    expect(ms(ok?.duration ?? [0, 0])).toBeGreaterThanOrEqual(25);
    expect(failed?.status.code).toBe(2);
    expect(failed?.attributes['error.type']).toBe('threw');
    expect(failed?.status.message).toContain('pricing down');
    expect(failed?.status.message).not.toContain('sk-live-0123456789abcdef0123');
  });

  it('stream: the same tree, each turn read under the loop span', async () => {
    make();
    const kinds: string[] = [];
    for await (const event of router.stream(ask)) kinds.push(event.type);
    expect(kinds.at(-1)).toBe('finish');
    checkTree();
  });

  it('records tool arguments and results only with recordContent', async () => {
    make(true);
    await router.chat(ask);
    const ok = spans().find((s) => s.name === 'execute_tool weather');
    expect(ok?.attributes['gen_ai.tool.call.arguments']).toBe('{"city":"Lyon"}');
    expect(ok?.attributes['gen_ai.tool.call.result']).toBe('{"city":"Lyon","celsius":18}');
  });

  it('ends the loop span, and the turn it was reading, when the consumer stops mid-loop', async () => {
    make();
    for await (const event of router.stream(ask)) if (event.type === 'start') break;
    const loop = spans().find((s) => s.attributes['switchyard.tool_loop.max_steps'] === 3);
    expect(loop?.status.code).toBe(2);
    expect(loop?.attributes['error.type']).toBe('abort');
    const turn = spans().find((s) => s !== loop && s.kind === 0);
    expect(parentOf(turn)).toBe(idOf(loop));
    expect(turn?.ended).toBe(true);
    expect(openai.callCount).toBe(1);
  });

  it('ends the loop span with the error when a turn fails', async () => {
    make();
    openai.reset();
    openai.failNext({ status: 400 });
    await expect(router.chat(ask)).rejects.toMatchObject({ kind: 'invalid-request' });
    const loop = spans().find((s) => s.attributes['switchyard.tool_loop.max_steps'] === 3);
    expect(loop?.status.code).toBe(2);
    expect(loop?.attributes['error.type']).toBe('invalid-request');
  });
});
