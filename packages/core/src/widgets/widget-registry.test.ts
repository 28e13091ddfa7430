import {
  createMockProvider,
  type MockProvider,
  type MockReply,
  rejectionOf,
} from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { AbortError } from '../errors/abort-error.js';
import { ConfigError } from '../errors/config-error.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import type { ExtractionEvent } from '../events/router-events.js';
import type { ProviderRequest } from '../provider/provider.js';
import { createRouter, type Router } from '../router/router.js';
import { defineWidget, type WidgetExtraction } from './define-widget.js';
import { jsonExtraction } from './extraction-helpers.js';
import { WidgetExtractionError } from './widget-extraction-error.js';
import { createWidgetRegistry } from './widget-registry.js';
import type { WidgetRequest } from './widget-result.js';

const drillSchema = z.object({
  title: z.string().min(1),
  minutes: z.int().positive(),
  steps: z.array(z.string().min(1)).min(1),
  equipment: z.string().optional(),
});

const drill = {
  title: 'Passing triangle',
  minutes: 10,
  steps: ['Form triangles of three', 'Pass and follow your pass'],
  equipment: null, // an optional field, as strict structured output sends it
};

function drillWidget(extraction: WidgetExtraction = 'native', extra: object = {}) {
  return defineWidget({
    name: 'drill-card',
    description: 'A practice drill with its steps.',
    intents: [{ name: 'drill', keywords: ['drill'] }],
    tier: 'strong',
    prompt: 'You design short practice drills for PE classes.',
    schema: drillSchema,
    extraction,
    examples: [{ request: 'A passing drill', data: { ...drill, equipment: undefined } }],
    ...extra,
  });
}

/** A mock vendor that answers from a queue, in order. */
function scripted(id: string, options: Parameters<typeof createMockProvider>[0] = {}) {
  const queue: MockReply[] = [];
  const provider = createMockProvider({
    id,
    ...options,
    rules: [{ reply: () => queue.shift() ?? `(${id} was not scripted for this call)` }],
  });
  return { provider, queue };
}

const ask = (content: string, extra: Partial<WidgetRequest> = {}): WidgetRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

const price = { inputPerMTok: 1, outputPerMTok: 2 };
let openai: ReturnType<typeof scripted>;
let anthropic: ReturnType<typeof scripted>;
let router: Router;
let extractions: ExtractionEvent[];

function makeRouter(extra: Partial<Parameters<typeof createRouter>[0]> = {}): Router {
  router = createRouter({
    providers: [openai.provider, anthropic.provider],
    models: { fast: ['openai:mini'], strong: ['anthropic:big', 'openai:large'] },
    retry: { maxRetries: 0 },
    prices: { 'openai:mini': price, 'openai:large': price, 'anthropic:big': price },
    ...extra,
  });
  // Each router gets its own list: a closed router's late events must not leak into the next test.
  const seen: ExtractionEvent[] = [];
  extractions = seen;
  router.on('extraction', (event) => {
    seen.push(event);
  });
  return router;
}

const flushEvents = () => new Promise((resolve) => setImmediate(resolve));
const requestsOf = (mock: MockProvider): ProviderRequest[] => mock.calls.map((c) => c.request);
const lastUser = (request: ProviderRequest | undefined) =>
  request?.messages.filter((m) => m.role === 'user').at(-1)?.content;

/** The drill data of a result (the union also holds the fallback's). */
function drillOf<R extends { readonly widget: string; readonly data: unknown }>(
  result: R,
): Extract<R, { widget: 'drill-card' }>['data'] {
  if (result.widget !== 'drill-card') throw new Error(`answered by ${result.widget}`);
  return result.data as Extract<R, { widget: 'drill-card' }>['data'];
}

beforeEach(() => {
  openai = scripted('openai');
  anthropic = scripted('anthropic');
});
afterEach(async () => {
  await router?.close();
});

describe('native strategy', () => {
  it('asks for the strict JSON schema on the widget tier and returns the validated data', async () => {
    makeRouter();
    anthropic.queue.push(JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    const result = await registry.handle(ask('Give me a passing drill for year 5'));

    expect(result.widget).toBe('drill-card');
    expect(result.intent).toBe('drill');
    expect(result.data).toEqual({
      title: 'Passing triangle',
      minutes: 10,
      steps: ['Form triangles of three', 'Pass and follow your pass'],
    });
    expect(result.response.route.tier).toBe('strong');
    expect(result.response.provider).toBe('anthropic');
    expect(result.text).toBe(JSON.stringify(drill));

    const [sent] = requestsOf(anthropic.provider);
    expect(sent?.messages[0]).toEqual({
      role: 'system',
      content: 'You design short practice drills for PE classes.',
    });
    expect(sent?.responseFormat).toMatchObject({
      type: 'json',
      name: 'drill_card',
      strict: true,
      description: 'A practice drill with its steps.',
    });
    const schema = sent?.responseFormat?.type === 'json' ? sent.responseFormat.schema : undefined;
    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.required).toEqual(['title', 'minutes', 'steps', 'equipment']);
    expect(sent?.tools).toBeUndefined();
  });

  it('passes the widget name and stage to the router in metadata', async () => {
    makeRouter();
    const responses: unknown[] = [];
    router.on('response', (event) => {
      responses.push(event.metadata);
    });
    anthropic.queue.push(JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    await registry.handle(ask('A drill please', { metadata: { user: 'u1' } }));
    await flushEvents();
    expect(responses).toEqual([{ user: 'u1', widget: 'drill-card', widgetStage: 'initial' }]);
  });

  it('falls back to a forced tool call when no candidate of the tier takes JSON schemas', async () => {
    const noSchema = { capabilities: { jsonSchema: false } };
    anthropic = scripted('anthropic', { models: { big: noSchema } });
    openai = scripted('openai', { models: { large: noSchema, mini: {} } });
    makeRouter();
    anthropic.queue.push({ toolCalls: [{ name: 'drill_card', arguments: drill }] });
    const registry = createWidgetRegistry([drillWidget()], { router });
    const result = await registry.handle(ask('A drill for dribbling'));

    expect(drillOf(result).minutes).toBe(10);
    expect(result.attempts.map((a) => a.mode)).toEqual(['tool-call']);
    expect(result.attempts[0]?.rawText).toBe(JSON.stringify(drill));
    const [sent] = requestsOf(anthropic.provider);
    expect(sent?.responseFormat).toBeUndefined();
    expect(sent?.toolChoice).toEqual({ name: 'drill_card' });
    expect(sent?.tools?.[0]?.name).toBe('drill_card');
    expect(sent?.tools?.[0]?.parameters).toMatchObject({
      type: 'object',
      additionalProperties: false,
    });
  });

  it('lets the router skip the candidates without JSON schema support', async () => {
    anthropic = scripted('anthropic', { models: { big: { capabilities: { jsonSchema: false } } } });
    makeRouter();
    openai.queue.push(JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    const result = await registry.handle(ask('A drill for dribbling'));
    expect(result.response.provider).toBe('openai');
    expect(result.response.route.attempts[0]).toMatchObject({
      outcome: 'skipped',
      skipReason: 'capability',
    });
    expect(anthropic.provider.callCount).toBe(0);
  });
});

describe('json strategy', () => {
  it('puts the schema and examples in the prompt and reads JSON wrapped in prose and fences', async () => {
    makeRouter();
    anthropic.queue.push(
      `Here is your drill:\n\n\`\`\`json\n${JSON.stringify(drill, null, 2)}\n\`\`\`\nHave fun!`,
    );
    const registry = createWidgetRegistry([drillWidget('json')], { router });
    const result = await registry.handle(ask('A drill for passing'));
    expect(drillOf(result).steps).toHaveLength(2);
    expect(result.text).toMatch(/^Here is your drill/);

    const [sent] = requestsOf(anthropic.provider);
    expect(sent?.responseFormat).toBeUndefined();
    const system = sent?.messages[0]?.content ?? '';
    expect(system).toMatch(/^You design short practice drills/);
    expect(system).toContain('"additionalProperties":false');
    expect(system).toContain('Example request: A passing drill');
    expect(result.attempts.map((a) => a.mode)).toEqual(['text']);
  });
});

describe('tool strategy', () => {
  it('answers in prose on the tier, then extracts with a forced tool call on the fast tier', async () => {
    makeRouter();
    const prose = 'Passing triangle, 10 minutes: form triangles of three, then pass and follow.';
    anthropic.queue.push(prose);
    openai.queue.push({ toolCalls: [{ name: 'drill_card', arguments: drill }] });
    const registry = createWidgetRegistry([drillWidget('tool')], { router });
    const result = await registry.handle(ask('A passing drill'));

    expect(result.text).toBe(prose);
    expect(result.response.provider).toBe('anthropic');
    expect(drillOf(result).title).toBe('Passing triangle');
    const [answerCall] = requestsOf(anthropic.provider);
    expect(answerCall?.tools).toBeUndefined();
    expect(answerCall?.responseFormat).toBeUndefined();
    const [extractCall] = requestsOf(openai.provider);
    expect(extractCall?.model).toBe('mini');
    expect(extractCall?.toolChoice).toEqual({ name: 'drill_card' });
    expect(lastUser(extractCall)).toBe(`Request:\nA passing drill\n\nAnswer:\n${prose}`);
    expect(result.attempts[0]?.response?.provider).toBe('openai');
  });
});

describe('custom extraction', () => {
  it('validates what the function returns and hands it the text and the response', async () => {
    makeRouter();
    anthropic.queue.push('TITLE: Relay race | MINUTES: 15 | STEPS: line up; run; tag');
    const seen: string[] = [];
    const registry = createWidgetRegistry(
      [
        drillWidget((text, response) => {
          seen.push(response.provider);
          const [title, minutes, steps] = text.split(' | ').map((p) => p.split(': ')[1] ?? '');
          return { title, minutes: Number(minutes), steps: (steps ?? '').split('; ') };
        }),
      ],
      { router },
    );
    const result = await registry.handle(ask('A relay drill'));
    expect(result.data).toEqual({
      title: 'Relay race',
      minutes: 15,
      steps: ['line up', 'run', 'tag'],
    });
    expect(seen).toEqual(['anthropic']);
    await flushEvents();
    expect(extractions[0]?.strategy).toBe('custom');
  });

  it('counts a throwing extraction as an issue and repairs', async () => {
    makeRouter();
    anthropic.queue.push('garbled', '{"title":"Tag","minutes":5,"steps":["run"]}');
    const registry = createWidgetRegistry(
      [
        drillWidget((text) => {
          if (text === 'garbled') throw new Error('No fields found in the answer.');
          return JSON.parse(text);
        }),
      ],
      { router },
    );
    const result = await registry.handle(ask('A tag drill'));
    expect(drillOf(result).title).toBe('Tag');
    expect(result.attempts[0]?.issues).toEqual([
      { path: [], message: 'No fields found in the answer.' },
    ]);
    expect(lastUser(requestsOf(anthropic.provider)[1])).toContain(
      '- (root): No fields found in the answer.',
    );
  });
});

describe('repair and escalation', () => {
  const bad = JSON.stringify({ ...drill, minutes: -5, steps: [] });
  // What models write when they almost get JSON right: single quotes and a trailing comma.
  const sloppy =
    "```json\n{'title': 'Passing triangle', 'minutes': 10, 'steps': ['Form triangles', 'Pass',],}\n```";

  it.each([
    ['json', 'json' as const],
    ['a jsonExtraction()', jsonExtraction()],
  ])(
    'repairs sloppy JSON locally with the %s strategy: no model repair call, counted',
    async (_, extraction) => {
      makeRouter();
      anthropic.queue.push(sloppy);
      const registry = createWidgetRegistry([drillWidget(extraction)], { router });
      const result = await registry.handle(ask('A passing drill'));

      expect(drillOf(result).steps).toEqual(['Form triangles', 'Pass']);
      expect(result.attempts.map((a) => [a.stage, a.success])).toEqual([['initial', true]]);
      expect(anthropic.provider.calls).toHaveLength(1);
      expect(router.stats().extraction['drill-card']).toMatchObject({
        success: 1,
        repaired: 0,
        localRepairs: 1,
      });
    },
  );

  it('repairs once, showing the model its output and each issue by path', async () => {
    makeRouter();
    anthropic.queue.push(bad, JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    const result = await registry.handle(ask('A passing drill'));

    expect(drillOf(result).minutes).toBe(10);
    expect(result.attempts.map((a) => [a.stage, a.success])).toEqual([
      ['initial', false],
      ['repair', true],
    ]);
    expect(result.attempts[0]?.issues.map((i) => i.path)).toEqual([['minutes'], ['steps']]);
    const repair = requestsOf(anthropic.provider)[1];
    expect(repair?.messages.at(-2)).toEqual({ role: 'assistant', content: bad });
    const instructions = lastUser(repair) ?? '';
    expect(instructions).toMatch(/^Your previous answer could not be used as "drill-card" data/);
    expect(instructions).toContain('- minutes: Too small: expected number to be >0');
    expect(instructions).toContain('- steps: Too small: expected array to have >=1 items');
    expect(repair?.responseFormat?.type).toBe('json');
    expect(result.response).toBe(result.attempts[1]?.response);
    await flushEvents();
    expect(extractions).toEqual([
      {
        type: 'extraction',
        widget: 'drill-card',
        success: true,
        attempts: 2,
        strategy: 'native',
        issues: undefined,
      },
    ]);
  });

  it('treats a cached answer that fails validation as stale: refreshes it before repairing', async () => {
    makeRouter({ cache: true });
    // First request: an invalid answer (written to the cache), then a valid repair.
    anthropic.queue.push(bad, JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    expect(drillOf(await registry.handle(ask('A passing drill'))).minutes).toBe(10);
    // Second, identical request: the cached answer is invalid, so it is fetched anew (replacing
    // the entry); the fresh answer is valid and no repair is needed.
    anthropic.queue.push(JSON.stringify(drill));
    const second = await registry.handle(ask('A passing drill'));
    expect(drillOf(second).minutes).toBe(10);
    expect(second.attempts.map((a) => [a.stage, a.success, a.response?.cached])).toEqual([
      ['initial', false, true],
      ['initial', true, false],
    ]);
    // Third: the refreshed entry is the valid answer, straight from the cache.
    const third = await registry.handle(ask('A passing drill'));
    expect(third.attempts.map((a) => [a.stage, a.success, a.response?.cached])).toEqual([
      ['initial', true, true],
    ]);
    expect(anthropic.provider.callCount).toBe(3);
  });

  it('escalates to the next candidate of the route when the repair fails too', async () => {
    makeRouter();
    anthropic.queue.push(bad, bad);
    openai.queue.push(JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    const result = await registry.handle(ask('A passing drill'));

    expect(result.response.provider).toBe('openai');
    expect(result.attempts.map((a) => [a.stage, a.model, a.success])).toEqual([
      ['initial', 'anthropic:big', false],
      ['repair', 'anthropic:big', false],
      ['escalation', 'openai:large', true],
    ]);
    const escalation = requestsOf(openai.provider)[0];
    expect(escalation?.model).toBe('large');
    expect(lastUser(escalation)).toBe('A passing drill'); // the original request, not the repair
  });

  it('escalates where the widget says to', async () => {
    makeRouter({
      models: { fast: ['openai:mini'], strong: ['anthropic:big'], best: ['openai:large'] },
    });
    anthropic.queue.push(bad, bad);
    openai.queue.push(JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget('native', { escalateTo: 'best' })], {
      router,
    });
    const result = await registry.handle(ask('A passing drill'));
    expect(result.attempts.at(-1)?.model).toBe('openai:large');
    expect(result.response.route.tier).toBe('best');
  });

  it('throws a typed WidgetExtractionError with the issues, the raw text and every attempt', async () => {
    makeRouter();
    anthropic.queue.push(bad, bad);
    openai.queue.push('Sorry, I cannot produce that.');
    const registry = createWidgetRegistry([drillWidget()], { router });
    const error = await rejectionOf(registry.handle(ask('A passing drill')));

    expect(WidgetExtractionError.isInstance(error)).toBe(true);
    const failure = error as WidgetExtractionError;
    expect(failure.kind).toBe('widget-extraction');
    expect(failure.retryable).toBe(false);
    expect(failure.widget).toBe('drill-card');
    expect(failure.attempts.map((a) => a.stage)).toEqual(['initial', 'repair', 'escalation']);
    expect(failure.rawText).toBe('Sorry, I cannot produce that.');
    expect(failure.issues).toEqual([{ path: [], message: 'The answer contains no JSON object.' }]);
    expect(failure.message).toBe(
      'Widget "drill-card": no valid data after 3 attempts (initial, repair, escalation): (root): The answer contains no JSON object.',
    );
    expect(failure.toJSON()).toMatchObject({
      widget: 'drill-card',
      attempts: 3,
      kind: 'widget-extraction',
    });
    await flushEvents();
    expect(extractions).toEqual([
      {
        type: 'extraction',
        widget: 'drill-card',
        success: false,
        attempts: 3,
        strategy: 'native',
        issues: ['(root): The answer contains no JSON object.'],
      },
    ]);
  });

  it('does not escalate past the last candidate or when told not to', async () => {
    makeRouter({ models: { fast: ['openai:mini'], strong: ['anthropic:big'] } });
    anthropic.queue.push(bad, bad);
    const registry = createWidgetRegistry([drillWidget()], { router });
    const error = (await rejectionOf(registry.handle(ask('A drill')))) as WidgetExtractionError;
    expect(error.attempts.map((a) => a.stage)).toEqual(['initial', 'repair']);
    expect(error.message).toMatch(
      /after 2 attempts \(initial, repair\): minutes: .*; steps: .*\.$/,
    );

    anthropic.queue.push(bad, bad);
    openai.queue.push(JSON.stringify(drill));
    makeRouter();
    const pinned = createWidgetRegistry([drillWidget('native', { escalateTo: false })], { router });
    const again = (await rejectionOf(pinned.handle(ask('A drill')))) as WidgetExtractionError;
    expect(again.attempts).toHaveLength(2);
    expect(openai.provider.callCount).toBe(0);
  });

  it('records a failing repair call and still escalates', async () => {
    makeRouter();
    anthropic.queue.push(bad);
    // The repair conversation is longer than the first; it fails on both candidates it may use.
    const isRepair = (r: ProviderRequest) => r.messages.length > 2;
    anthropic.provider.addRule({ fail: { status: 500 }, when: isRepair });
    openai.provider.addRule({ fail: { status: 500 }, when: isRepair });
    openai.queue.push(JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    const result = await registry.handle(ask('A passing drill'));
    expect(result.attempts.map((a) => [a.stage, a.error?.kind])).toEqual([
      ['initial', undefined],
      ['repair', 'no-provider'],
      ['escalation', undefined],
    ]);
    expect(drillOf(result).title).toBe('Passing triangle');
  });

  it("lets the first call's routing failure through unchanged", async () => {
    makeRouter();
    anthropic.provider.failNext({ status: 500 }, 1);
    openai.provider.failNext({ status: 500 }, 1);
    const registry = createWidgetRegistry([drillWidget()], { router });
    const error = await rejectionOf(registry.handle(ask('A drill')));
    expect(NoProviderAvailableError.isInstance(error)).toBe(true);
    await flushEvents();
    expect(extractions).toEqual([]);
  });

  it('repairs a tool extraction with another extraction call', async () => {
    makeRouter();
    anthropic.queue.push('A passing drill in prose.');
    openai.queue.push(
      {
        toolCalls: [{ name: 'drill_card', arguments: { title: '', minutes: 10, steps: ['pass'] } }],
      },
      { toolCalls: [{ name: 'drill_card', arguments: drill }] },
    );
    const registry = createWidgetRegistry([drillWidget('tool')], { router });
    const result = await registry.handle(ask('A passing drill'));
    expect(drillOf(result).title).toBe('Passing triangle');
    expect(anthropic.provider.callCount).toBe(1);
    const repair = requestsOf(openai.provider)[1];
    expect(repair?.toolChoice).toEqual({ name: 'drill_card' });
    expect(lastUser(repair)).toContain(
      '- title: Too small: expected string to have >=1 characters',
    );
    expect(lastUser(repair)).toContain('Call `drill_card` again');
  });
});

describe('routing requests to widgets', () => {
  const attendance = defineWidget({
    name: 'attendance',
    description: 'Who was present.',
    intents: [{ name: 'attendance', keywords: ['attendance', 'absent', 'roll call'] }],
    tier: 'fast',
    prompt: 'You take attendance.',
    schema: z.object({ absent: z.array(z.string()) }),
  });

  it('sends an unmatched request to the fallback: a text answer on the fast tier', async () => {
    makeRouter();
    openai.queue.push('Stretch before and after class.');
    const registry = createWidgetRegistry([drillWidget(), attendance], { router });
    expect(registry.match(ask('Any advice for sore muscles?'))).toEqual({
      widget: 'general-response',
      intent: undefined,
      fallback: true,
    });
    const result = await registry.handle(ask('Any advice for sore muscles?'));
    expect(result).toMatchObject({
      widget: 'general-response',
      data: undefined,
      text: 'Stretch before and after class.',
      attempts: [],
    });
    expect(result.response.route.tier).toBe('fast');
    const [sent] = requestsOf(openai.provider);
    expect(sent?.responseFormat).toBeUndefined();
    expect(sent?.messages[0]?.content).toMatch(/^You are a helpful assistant/);
    await flushEvents();
    expect(extractions).toEqual([]); // nothing was extracted
  });

  it('uses the fallback service it is given', async () => {
    makeRouter();
    anthropic.queue.push('Coach says hi.');
    const coach = defineWidget({
      name: 'coach-chat',
      description: 'Small talk with the coach.',
      intents: [],
      tier: 'strong',
      prompt: 'You are a friendly PE coach.',
    });
    const registry = createWidgetRegistry([attendance], { router, fallback: coach });
    const result = await registry.handle(ask('hello there'));
    expect(result.widget).toBe('coach-chat');
    expect(result.text).toBe('Coach says hi.');
  });

  it("chooses by the widgets' intent rules, and a request's own intent wins", () => {
    makeRouter();
    const registry = createWidgetRegistry([drillWidget(), attendance], { router });
    expect(registry.match(ask('Mark Ana absent today'))).toEqual({
      widget: 'attendance',
      intent: 'attendance',
      fallback: false,
    });
    expect(registry.match(ask('Mark Ana absent today', { intent: 'drill' }))).toEqual({
      widget: 'drill-card',
      intent: 'drill',
      fallback: false,
    });
    expect(registry.match(ask('A drill', { intent: 'weather' }))).toEqual({
      widget: 'general-response',
      intent: 'weather',
      fallback: true,
    });
    expect(registry.match(ask('anything', { intent: 'drill-card' })).widget).toBe('drill-card');
    expect(registry.widgets.map((w) => w.name)).toEqual([
      'drill-card',
      'attendance',
      'general-response',
    ]);
  });

  it('looks at the last user message only', () => {
    makeRouter();
    const registry = createWidgetRegistry([drillWidget(), attendance], { router });
    const request: WidgetRequest = {
      messages: [
        { role: 'user', content: 'Take attendance' },
        { role: 'assistant', content: 'Done.' },
        { role: 'user', content: 'Now a warm-up drill' },
      ],
    };
    expect(registry.match(request).widget).toBe('drill-card');
  });

  it('refuses a malformed request with the router’s typed error before any call', async () => {
    makeRouter();
    const registry = createWidgetRegistry([drillWidget()], { router });
    const error = await rejectionOf(registry.handle({ messages: [] }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error.message).toContain('messages: expected a non-empty array');
    expect(() => registry.match(null as never)).toThrow(InvalidRequestError);
    expect(anthropic.provider.callCount + openai.provider.callCount).toBe(0);
  });

  it('stops at once when the caller aborts', async () => {
    makeRouter();
    anthropic.provider.hangNext(1);
    const controller = new AbortController();
    const registry = createWidgetRegistry([drillWidget()], { router });
    const pending = registry.handle(ask('A drill', { signal: controller.signal }));
    setImmediate(() => controller.abort());
    const error = await rejectionOf(pending);
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it('refuses a bad registry with one ConfigError naming every problem', () => {
    makeRouter();
    let error: unknown;
    try {
      createWidgetRegistry(
        [
          drillWidget(),
          drillWidget(),
          { name: 'fake' } as never,
          attendance,
          { ...attendance } as never,
        ],
        { router: {} as Router, fallback: 'none' as never },
      );
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
      'router',
      'fallback',
      'widgets[1]',
      'widgets[2]',
      'widgets[4]',
    ]);
    expect((error as ConfigError).message).toContain(
      'a widget named "drill-card" is already registered',
    );
  });

  it('refuses two widgets that claim the same intent', () => {
    makeRouter();
    const other = defineWidget({
      name: 'roll-call',
      description: 'Roll call.',
      intents: [{ name: 'attendance', keywords: ['roll'] }],
      prompt: 'Roll call.',
    });
    expect(() => createWidgetRegistry([attendance, other], { router })).toThrow(
      'intent "attendance" already belongs to widget "attendance"',
    );
  });
});

describe('streaming', () => {
  it('streams the text as it comes and delivers the validated data with finish', async () => {
    makeRouter();
    anthropic.queue.push('Passing triangle, 10 minutes.');
    openai.queue.push({ toolCalls: [{ name: 'drill_card', arguments: drill }] });
    const registry = createWidgetRegistry([drillWidget('tool')], { router });
    const seen: string[] = [];
    let finish: unknown;
    for await (const event of registry.stream(ask('A passing drill'))) {
      seen.push(event.type);
      if (event.type === 'start') expect(event.widget).toBe('drill-card');
      if (event.type === 'text-delta') expect(openai.provider.callCount).toBe(0); // data comes later
      if (event.type === 'finish') finish = event;
    }
    expect(seen).toEqual([
      'start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-delta',
      'finish',
    ]);
    expect(finish).toMatchObject({
      type: 'finish',
      widget: 'drill-card',
      text: 'Passing triangle, 10 minutes.',
      data: { title: 'Passing triangle', minutes: 10 },
    });
    expect(anthropic.provider.calls[0]?.kind).toBe('stream');
    expect(openai.provider.calls[0]?.kind).toBe('chat');
  });

  it('streams native JSON and repairs after the stream when it does not validate', async () => {
    makeRouter();
    anthropic.queue.push('{"title":"Tag","minutes":0,"steps":["run"]}', JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    let streamed = '';
    let data: unknown;
    for await (const event of registry.stream(ask('A drill'))) {
      if (event.type === 'text-delta') streamed += event.text;
      if (event.type === 'finish') data = event.data;
    }
    expect(streamed).toBe('{"title":"Tag","minutes":0,"steps":["run"]}');
    expect(data).toMatchObject({ title: 'Passing triangle' });
  });

  it('streams with the forced tool call when the tier lacks JSON schema support', async () => {
    anthropic = scripted('anthropic', { models: { big: { capabilities: { jsonSchema: false } } } });
    openai = scripted('openai', { models: { large: { capabilities: { jsonSchema: false } } } });
    makeRouter({ models: { fast: ['anthropic:big'], strong: ['anthropic:big', 'openai:large'] } });
    anthropic.queue.push({ toolCalls: [{ name: 'drill_card', arguments: drill }] });
    const registry = createWidgetRegistry([drillWidget()], { router });
    const events = [];
    for await (const event of registry.stream(ask('A drill'))) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['start', 'tool-call', 'finish']);
    const finish = events.at(-1);
    expect(finish?.type === 'finish' && finish.data).toMatchObject({ minutes: 10 });
  });

  it('ends the stream with a WidgetExtractionError when no valid data comes', async () => {
    makeRouter({ models: { fast: ['openai:mini'], strong: ['anthropic:big'] } });
    anthropic.queue.push('not json', 'still not json');
    const registry = createWidgetRegistry([drillWidget()], { router });
    const types: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const event of registry.stream(ask('A drill'))) types.push(event.type);
      })(),
    );
    expect(WidgetExtractionError.isInstance(error)).toBe(true);
    expect(types).toEqual(['start', 'text-delta', 'text-delta']);
  });

  it('streams a fallback answer with no data', async () => {
    makeRouter();
    openai.queue.push('Drink water.');
    const registry = createWidgetRegistry([drillWidget()], { router });
    const events = [];
    for await (const event of registry.stream(ask('Tips for hot days?'))) events.push(event);
    expect(events[0]).toMatchObject({ type: 'start', widget: 'general-response' });
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      widget: 'general-response',
      data: undefined,
      text: 'Drink water.',
    });
  });

  it('aborts the call when the consumer stops reading', async () => {
    makeRouter();
    anthropic.queue.push(JSON.stringify(drill));
    const registry = createWidgetRegistry([drillWidget()], { router });
    for await (const event of registry.stream(ask('A drill'))) {
      if (event.type === 'text-delta') break;
    }
    expect(anthropic.provider.calls[0]?.outcome).toBe('aborted');
    expect(openai.provider.callCount).toBe(0);
  });
});
