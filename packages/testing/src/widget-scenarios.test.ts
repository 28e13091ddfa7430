import { createRouter, defineWidget, type WidgetExtraction } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  fakeOpenAIVendor,
  fakeServerVendor,
  mockVendor,
  type ScriptedReply,
  type ScriptedRequest,
} from './scripted-vendor.js';
import { widgetScenarios } from './widget-scenarios.js';

const cardWidget = (extraction: WidgetExtraction) =>
  defineWidget({
    name: 'score-card',
    description: 'A match score card.',
    intents: [{ name: 'score-card', keywords: ['score card', 'scores'] }],
    tier: 'fast',
    prompt: 'You keep match scores.',
    schema: z.object({
      home: z.string().min(1),
      away: z.string().min(1),
      score: z.tuple([z.int().nonnegative(), z.int().nonnegative()]).optional(),
      notes: z.string().nullable(),
    }),
    extraction,
    examples: [
      {
        request: 'Make a score card: Lions beat Tigers',
        data: { home: 'Lions', away: 'Tigers', notes: null },
      },
    ],
  });

describe('widgetScenarios on the mock vendor', () => {
  for (const strategy of ['native', 'json', 'tool'] as const) {
    describe(`${strategy} strategy`, () => {
      for (const scenario of widgetScenarios({
        widget: cardWidget(strategy),
        vendor: () => mockVendor(),
      }))
        it(scenario.name, scenario.run);
    });
  }

  it('fails a scenario when the widget does not get its data', async () => {
    const [first] = widgetScenarios({
      widget: cardWidget('native'),
      vendor: () => mockVendor(),
      answer: () => [{ text: '{"home":"Lions"}' }],
    });
    await expect(first?.run()).rejects.toThrow(/no valid data/);
  });

  it('needs an example and, for custom extractions, an answer', () => {
    const bare = defineWidget({
      name: 'bare',
      description: 'b',
      intents: [],
      prompt: 'b',
      schema: z.object({ a: z.string() }),
      extraction: (text) => ({ a: text }),
    });
    expect(() => widgetScenarios({ widget: bare, vendor: () => mockVendor() })).toThrow(
      'widget "bare" has no example',
    );
    expect(() =>
      widgetScenarios({
        widget: bare,
        vendor: () => mockVendor(),
        example: { request: 'x', data: { a: 'x' } },
      }),
    ).toThrow('uses the custom strategy; pass `answer`');
  });
});

describe('mockVendor', () => {
  it('answers in queue order and reports requests in the fake servers’ shape', async () => {
    const vendor = mockVendor({ id: 'acme', fast: 'small', strong: 'large' });
    expect(vendor.models).toEqual({ fast: 'acme:small', strong: 'acme:large' });
    const router = createRouter({
      providers: [vendor.provider],
      models: vendor.models,
      prices: { 'acme:small': { inputPerMTok: 1, outputPerMTok: 1 } },
      retry: { maxRetries: 0 },
    });
    vendor.reply({ text: 'one' }, { toolCalls: [{ name: 'f', arguments: { x: 1 } }] });
    const a = await router.chat({
      model: 'fast',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      responseFormat: { type: 'json', name: 'out' },
    });
    const b = await router.chat({
      model: 'fast',
      messages: [{ role: 'user', content: 'call f' }],
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { name: 'f' },
    });
    expect([a.text, b.toolCalls[0]?.arguments]).toEqual(['one', { x: 1 }]);
    expect(vendor.requests).toEqual([
      {
        model: 'small',
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'hi' }],
        tools: undefined,
        toolChoice: undefined,
        responseFormat: { type: 'json', name: 'out' },
        stream: false,
      },
      {
        model: 'small',
        system: undefined,
        messages: [{ role: 'user', content: 'call f' }],
        tools: [{ name: 'f', parameters: { type: 'object' } }],
        toolChoice: { name: 'f' },
        responseFormat: undefined,
        stream: false,
      },
    ]);
    await expect(
      router.chat({ model: 'fast', messages: [{ role: 'user', content: 'again' }] }),
    ).rejects.toThrow('no reply queued');
    await router.close();
  });

  it('can describe models without JSON schema support', () => {
    const vendor = mockVendor({ capabilities: { jsonSchema: false } });
    expect(vendor.provider.getModelInfo?.('gpt-4o')?.capabilities.jsonSchema).toBe(false);
  });
});

describe('fakeServerVendor', () => {
  it('queues replies on the server, reads its parsed requests, and closes it', async () => {
    const queued: ScriptedReply[] = [];
    let closed = false;
    const chat: ScriptedRequest = {
      model: 'gpt-4o',
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
      tools: undefined,
      toolChoice: undefined,
      responseFormat: undefined,
      stream: false,
    };
    const server = {
      reply: (reply: ScriptedReply) => queued.push(reply),
      requests: [{ chat }, { chat: undefined }], // a refused request has no chat view
      close: async () => {
        closed = true;
      },
    };
    const provider = mockVendor().provider;
    const vendor = fakeServerVendor({
      server,
      provider,
      models: { fast: 'openai:gpt-4o-mini', strong: 'openai:gpt-4o' },
    });
    vendor.reply({ text: 'a' }, { toolCalls: [{ name: 'f', arguments: {} }] });
    expect(queued).toEqual([{ text: 'a' }, { toolCalls: [{ name: 'f', arguments: {} }] }]);
    expect(vendor.requests).toEqual([chat]);
    expect(vendor.provider).toBe(provider);
    await vendor.close();
    expect(closed).toBe(true);
  });
});

describe('fakeOpenAIVendor', () => {
  it('starts a fake OpenAI server, points the adapter at it, and closes it', async () => {
    let given: { apiKey: string; baseURL: string } | undefined;
    const vendor = await fakeOpenAIVendor((options) => {
      given = options;
      return mockVendor().provider;
    });
    expect(vendor.models).toEqual({ fast: 'openai:gpt-4o-mini', strong: 'openai:gpt-4o' });
    const { apiKey, baseURL } = given as { apiKey: string; baseURL: string };
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    vendor.reply({ text: 'hello' });
    const ask = () =>
      fetch(`${baseURL.replace(/\/$/, '')}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const answer = (await (await ask()).json()) as { choices: { message: { content: string } }[] };
    expect(answer.choices[0]?.message.content).toBe('hello');
    expect(vendor.requests.map((r) => r.messages)).toEqual([[{ role: 'user', content: 'hi' }]]);
    await vendor.close();
    await expect(ask()).rejects.toThrow();
  });
});
