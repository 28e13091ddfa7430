import { mockVendor, type ScriptedVendor } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/v4';
import type { Classification, ClassifierInput } from '../classify/classification.js';
import { createRouter, type Router } from '../router/router.js';
import { defineTool } from './define-tool.js';
import { createToolRegistry } from './tool-registry.js';

// A tool loop is one user ask: its registry domain and the routing of every turn share one
// classification, so a host classifier backed by a model is asked once per loop, not once per
// turn plus once for the domain (decision 100).

const weather = defineTool({
  name: 'weather',
  description: 'The weather of a city',
  domain: 'travel',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: 'clear' }),
});
const twoTurns = (vendor: ScriptedVendor) =>
  vendor.reply(
    { toolCalls: [{ name: 'weather', arguments: { city: 'Lyon' } }] },
    { toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] },
    { text: 'Clear in both.' },
  );

describe('one classification per tool loop', () => {
  let router: Router | undefined;
  afterEach(async () => {
    await router?.close();
  });

  // A custom classifier (as a host's model-backed one would be) that counts its calls; it answers
  // asynchronously, like a model call.
  const make = () => {
    const vendor = mockVendor();
    const classify = vi.fn(
      async (input: ClassifierInput): Promise<Classification> => ({
        intent: undefined,
        category: 'travel',
        complexity: input.text.includes('plan') ? 'complex' : 'simple',
        confidence: 0.9,
        source: 'counting',
      }),
    );
    router = createRouter({
      providers: [vendor.provider],
      models: { fast: [vendor.models.fast], strong: [vendor.models.strong] },
      classifier: { custom: { name: 'counting', classify } },
      retry: { maxRetries: 0 },
    });
    return { vendor, classify, router };
  };

  it('chat: three turns with a registry domain chosen by the classifier classify once', async () => {
    const { vendor, classify, router: r } = make();
    twoTurns(vendor);
    const answer = await r.chat({
      messages: [{ role: 'user', content: 'Weather in Lyon and Paris?' }],
      toolRegistry: createToolRegistry({ domains: { travel: async () => [weather] } }),
      maxSteps: 3,
    });
    expect(answer.text).toBe('Clear in both.');
    expect(vendor.requests).toHaveLength(3);
    expect(answer.route.tools).toMatchObject({ domain: 'travel', domainSource: 'classifier' });
    expect(classify).toHaveBeenCalledTimes(1);
    // Every turn was still routed by that verdict (simple: the fast tier).
    expect(answer.toolLoop?.steps.map((s) => s.response.route.tier)).toEqual([
      'fast',
      'fast',
      'fast',
    ]);
  });

  it('stream: the turns of a loop without a registry classify once', async () => {
    const { vendor, classify, router: r } = make();
    twoTurns(vendor);
    let text = '';
    for await (const event of r.stream({
      messages: [{ role: 'user', content: 'Please plan the weather check for Lyon and Paris' }],
      tools: [weather],
      maxSteps: 3,
    }))
      if (event.type === 'text-delta') text += event.text;
    expect(text).toBe('Clear in both.');
    expect(vendor.requests).toHaveLength(3);
    expect(classify).toHaveBeenCalledTimes(1);
    // The verdict (complex) routed every turn to the strong tier.
    expect(vendor.requests.map((request) => request.model)).toEqual([
      vendor.models.strong.split(':')[1],
      vendor.models.strong.split(':')[1],
      vendor.models.strong.split(':')[1],
    ]);
  });

  it('a request object sent again after a change is classified again', async () => {
    const { vendor, classify, router: r } = make();
    vendor.reply({ text: 'One.' }, { text: 'Two.' });
    const request = {
      messages: [{ role: 'user' as const, content: 'Weather in Lyon?' }],
      toolRegistry: createToolRegistry({ domains: { travel: async () => [weather] } }),
      maxSteps: 2,
    };
    const first = await r.chat(request);
    request.messages[0] = { role: 'user', content: 'Please plan a week in Lyon' };
    const second = await r.chat(request);
    expect(classify).toHaveBeenCalledTimes(2);
    expect([first.route.tier, second.route.tier]).toEqual(['fast', 'strong']);
  });

  it('separate requests are still classified each time', async () => {
    const { vendor, classify, router: r } = make();
    vendor.reply({ text: 'One.' }, { text: 'Two.' });
    await r.chat({ messages: [{ role: 'user', content: 'First?' }], tools: [weather] });
    await r.chat({ messages: [{ role: 'user', content: 'Second?' }], tools: [weather] });
    expect(classify).toHaveBeenCalledTimes(2);
  });
});
