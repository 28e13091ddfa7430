import { mockVendor, type ScriptedVendor } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/v4';
import { AbortError } from '../errors/abort-error.js';
import { ConfigError } from '../errors/config-error.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ToolEvent } from '../events/router-events.js';
import type { ToolMessage } from '../provider/messages.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { createRouter, type Router } from '../router/router.js';
import { defineTool } from './define-tool.js';
import { runToolCalls } from './run-tool-calls.js';
import { createToolRegistry } from './tool-registry.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });

const slow = (name: string, ms = 200) =>
  defineTool({
    name,
    description: `${name} after ${ms} ms`,
    domain: 'travel',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }, { signal }) => {
      await sleep(ms, signal);
      return { tool: name, city };
    },
  });

const call = (name: string, args: Record<string, unknown>, id = `call_${name}`) => ({
  id,
  name,
  arguments: args,
});

describe('defineTool', () => {
  it('builds the JSON Schema from zod once and refuses a bad name', () => {
    const tool = slow('weather');
    const schema = tool.parameters;
    expect(schema).toMatchObject({ type: 'object', properties: { city: { type: 'string' } } });
    expect(tool.parameters).toBe(schema);
    expect(() => slow('bad name')).toThrow(ConfigError);
  });
});

describe('runToolCalls', () => {
  const tools = new Map([
    ['weather', slow('weather')],
    ['route', slow('route')],
    ['budget', slow('budget')],
  ]);

  it('runs three 200 ms tools in parallel, in about 200 ms', async () => {
    const started = performance.now();
    const out = await runToolCalls(
      [
        call('weather', { city: 'Lyon' }),
        call('route', { city: 'Nice' }),
        call('budget', { city: 'Metz' }),
      ],
      tools,
    );
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(450);
    expect(out.map((o) => JSON.parse(o.message.content).tool)).toEqual([
      'weather',
      'route',
      'budget',
    ]);
  });

  it('honours the concurrency limit', async () => {
    const started = performance.now();
    await runToolCalls(
      [call('weather', { city: 'a' }), call('route', { city: 'b' }), call('budget', { city: 'c' })],
      tools,
      { concurrency: 1 },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(580);
  });

  it('isolates a throwing tool, a timeout, bad arguments and an unknown tool', async () => {
    const execute = vi.fn();
    const strict = defineTool({
      name: 'strict',
      description: 'needs a number',
      parameters: z.object({ n: z.number() }),
      execute,
    });
    const boom = defineTool({
      name: 'boom',
      description: 'throws',
      parameters: z.object({}),
      execute: () => {
        throw new Error('disk on fire');
      },
    });
    const stuck = defineTool({
      name: 'stuck',
      description: 'never ends in time',
      parameters: z.object({}),
      timeoutMs: 50,
      execute: (_args, { signal }) => sleep(5_000, signal),
    });
    const all = new Map<string, ReturnType<typeof defineTool>>([
      ...tools,
      ['strict', strict],
      ['boom', boom],
      ['stuck', stuck],
    ]);
    const out = await runToolCalls(
      [
        call('boom', {}),
        call('weather', { city: 'Lyon' }),
        call('stuck', {}),
        call('strict', { n: 'seven' }),
        call('nope', {}),
      ],
      all,
    );
    expect(out.map((o) => o.error)).toEqual([
      'threw',
      undefined,
      'timeout',
      'invalid-arguments',
      'unknown-tool',
    ]);
    expect(out[0]?.message.isError).toBe(true);
    expect(out[0]?.message.content).toContain('disk on fire');
    expect(out[3]?.message.content).toContain('n:');
    expect(execute).not.toHaveBeenCalled();
    expect(JSON.parse(out[1]?.message.content ?? '')).toEqual({ tool: 'weather', city: 'Lyon' });
  });

  it('rejects with an AbortError when the request is aborted during a tool, and aborts the tool', async () => {
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const held = defineTool({
      name: 'held',
      description: 'waits',
      parameters: z.object({}),
      execute: (_a, { signal }) => {
        toolSignal = signal;
        return sleep(5_000, signal);
      },
    });
    const running = runToolCalls([call('held', {})], new Map([['held', held]]), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(running).rejects.toBeInstanceOf(AbortError);
    expect(toolSignal?.aborted).toBe(true);
  });
});

describe('createToolRegistry', () => {
  it('loads a domain once, only when a request needs it, and reports the tokens saved', async () => {
    const travel = vi.fn(async () => [slow('weather'), slow('route')]);
    const billing = vi.fn(async () => [
      defineTool({
        name: 'invoice',
        description: 'Finds an invoice by number',
        domain: 'billing',
        parameters: z.object({ number: z.string(), year: z.number().int() }),
        execute: () => ({}),
      }),
    ]);
    const registry = createToolRegistry({ domains: { travel, billing } });
    expect(registry.domains()).toEqual(['travel', 'billing']);
    expect(travel).not.toHaveBeenCalled();
    const first = await registry.select({ domain: 'travel' });
    expect(first.tools.map((t) => t.name)).toEqual(['weather', 'route']);
    await registry.select({ intent: 'travel' });
    expect(travel).toHaveBeenCalledTimes(1);
    expect(billing).not.toHaveBeenCalled();
    const billed = await registry.select({ category: 'billing' });
    expect(billed.tools.map((t) => t.name)).toEqual(['invoice']);
    // With both loaded, the saving is exactly the other domain's schema tokens.
    const again = await registry.select({ domain: 'travel' });
    expect(again.savedTokens).toBe(billed.schemaTokens);
    expect(again.schemaTokens).toBeGreaterThan(0);
    const everything = await registry.select({});
    expect(everything.tools).toHaveLength(3);
    expect(everything.savedTokens).toBe(0);
  });

  it('refuses two tools with one name', () => {
    expect(() => createToolRegistry({ tools: [slow('a'), slow('a')] })).toThrow(ConfigError);
  });
});

describe('router.chat with maxSteps', () => {
  let router: Router | undefined;
  let vendor: ScriptedVendor;
  afterEach(async () => {
    await router?.close();
  });
  const make = () => {
    vendor = mockVendor();
    router = createRouter({
      providers: [vendor.provider],
      models: { fast: [vendor.models.fast] },
      retry: { maxRetries: 0 },
    });
    return router;
  };

  it('runs the calls, feeds the results back and returns the final answer with the trace', async () => {
    const r = make();
    const events: ToolEvent[] = [];
    r.on('tool', (e) => events.push(e));
    vendor.reply(
      {
        toolCalls: [
          { name: 'weather', arguments: { city: 'Lyon' } },
          { name: 'route', arguments: { city: 'Lyon' } },
        ],
      },
      { text: 'Pack an umbrella.' },
    );
    const answer = await r.chat({
      messages: [{ role: 'user', content: 'Trip to Lyon?' }],
      tools: [slow('weather', 10), slow('route', 10)],
      maxSteps: 3,
    });
    expect(answer.text).toBe('Pack an umbrella.');
    expect(answer.toolLoop?.limitReached).toBe(false);
    expect(answer.toolLoop?.stopReason).toBe('answered');
    expect(answer.toolLoop?.steps).toHaveLength(2);
    expect(answer.route.tools?.offered).toEqual(['weather', 'route']);
    expect(answer.route.tools?.steps[0]?.calls.map((c) => c.name)).toEqual(['weather', 'route']);
    const second = vendor.requests[1];
    const results = second?.messages.filter((m) => m.role === 'tool') as ToolMessage[];
    expect(results.map((m) => JSON.parse(m.content).tool)).toEqual(['weather', 'route']);
    expect(answer.usage.totalTokens).toBe(
      (answer.toolLoop?.steps ?? []).reduce((n, s) => n + s.response.usage.totalTokens, 0),
    );
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(r.stats().byTool.weather?.calls).toBe(1);
  });

  it('stops at maxSteps with a result saying so, everything so far included', async () => {
    const r = make();
    const loop = { toolCalls: [{ name: 'weather', arguments: { city: 'Lyon' } }] };
    vendor.reply(loop, loop, loop);
    const answer = await r.chat({
      messages: [{ role: 'user', content: 'Weather forever' }],
      tools: [slow('weather', 1)],
      maxSteps: 2,
    });
    expect(answer.toolLoop?.limitReached).toBe(true);
    expect(answer.toolLoop?.stopReason).toBe('max-steps');
    expect(answer.toolLoop?.steps).toHaveLength(2);
    expect(answer.toolCalls).toHaveLength(1);
    expect(vendor.requests).toHaveLength(2);
    expect(answer.toolLoop?.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
  });

  it('stops at a call to a tool the host runs (no execute), the router’s own calls not run', async () => {
    const r = make();
    const execute = vi.fn(() => ({ ok: true }));
    const mine = defineTool({
      name: 'weather',
      description: 'Weather',
      parameters: z.object({ city: z.string() }),
      execute,
    });
    const hostTool = { name: 'book', description: 'Books a train', parameters: { type: 'object' } };
    vendor.reply({
      toolCalls: [
        { name: 'weather', arguments: { city: 'Lyon' } },
        { name: 'book', arguments: {} },
      ],
    });
    const answer = await r.chat({
      messages: [{ role: 'user', content: 'Book Lyon if sunny' }],
      tools: [mine, hostTool],
      maxSteps: 4,
    });
    expect(answer.toolLoop?.stopReason).toBe('host-tools');
    expect(answer.toolCalls.map((c) => c.name)).toEqual(['weather', 'book']);
    expect(execute).not.toHaveBeenCalled();
    expect(vendor.requests).toHaveLength(1);
  });

  it('refuses a bad maxSteps with an InvalidRequestError', async () => {
    const r = make();
    await expect(
      r.chat({ messages: [{ role: 'user', content: 'x' }], maxSteps: 0 }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('sends only the domain tools of a registry', async () => {
    const r = make();
    const billing = vi.fn(async () => [slow('invoice')]);
    const registry = createToolRegistry({ tools: [slow('weather')], domains: { billing } });
    vendor.reply({ text: 'ok' });
    const answer = await r.chat({
      messages: [{ role: 'user', content: 'Weather?' }],
      toolRegistry: registry,
      intent: 'travel',
      maxSteps: 2,
    });
    expect(vendor.requests[0]?.tools?.map((t) => t.name)).toEqual(['weather']);
    expect(billing).not.toHaveBeenCalled();
    expect(answer.route.tools?.domain).toBe('travel');
  });

  it('stream: emits tool-call, step-finish and tool-result events between the turns, then one finish', async () => {
    const r = make();
    vendor.reply(
      {
        toolCalls: [
          { name: 'weather', arguments: { city: 'Lyon' } },
          { name: 'route', arguments: { city: 'Lyon' } },
        ],
      },
      { text: 'Bring a coat.' },
    );
    const kinds: string[] = [];
    let final: StreamEvent | undefined;
    for await (const event of r.stream({
      messages: [{ role: 'user', content: 'Lyon?' }],
      tools: [slow('weather', 5), slow('route', 5)],
      maxSteps: 3,
    })) {
      kinds.push(
        event.type === 'tool-result' ? `tool-result:${event.result.call.name}` : event.type,
      );
      final = event;
    }
    const texts = kinds.filter((k) => k === 'text-delta').length;
    expect(texts).toBeGreaterThan(0);
    expect(kinds.filter((k) => k !== 'text-delta')).toEqual([
      'start',
      'tool-call',
      'tool-call',
      'step-finish',
      'tool-result:weather',
      'tool-result:route',
      'start',
      'finish',
    ]);
    expect(final?.type === 'finish' && final.response.text).toBe('Bring a coat.');
    expect(final?.type === 'finish' && final.response.toolLoop?.steps).toHaveLength(2);
  });
});
