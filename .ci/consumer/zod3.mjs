// Runs after the project's zod was replaced by 3.25.76 (decision 094): core and the widget
// packages load and work on zod 3.25's `zod/v4`, and a schema the host makes there is accepted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createRouter,
  createWidgetRegistry,
  defineTool,
  toStrictJsonSchema,
} from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';
import { generalWidget } from '@switchyard/widget-general';
import { z } from 'zod/v4';

const installed = JSON.parse(readFileSync('node_modules/zod/package.json', 'utf8')).version;
assert.equal(installed, '3.25.76');

// The same JSON Schema as on zod 4.
assert.deepEqual(
  toStrictJsonSchema(z.object({ city: z.string().nullable(), days: z.number().optional() })),
  {
    schema: {
      type: 'object',
      properties: { city: { type: ['string', 'null'] }, days: { type: ['number', 'null'] } },
      required: ['city', 'days'],
      additionalProperties: false,
    },
    strict: true,
  },
);

// A host's tool, its arguments validated by the host's zod, through the router's tool loop.
const cities = [];
const weather = defineTool({
  name: 'weather',
  description: 'The forecast for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    cities.push(city);
    return { city, sky: 'clear' };
  },
});
const mock = createMockProvider({
  id: 'mock',
  rules: [
    { reply: { toolCalls: [{ name: 'weather', arguments: { city: 'Lyon' } }] }, times: 1 },
    {
      reply: JSON.stringify({
        title: 'Warm-up',
        summary: null,
        content: { kind: 'list', ordered: false, items: ['Jog'] },
      }),
    },
  ],
});
const router = createRouter({
  providers: [mock],
  models: { fast: ['mock:m'], strong: ['mock:m'] },
  defaultModel: 'fast',
});
const answer = await router.chat({
  messages: [{ role: 'user', content: 'Weather in Lyon?' }],
  tools: [weather],
  maxSteps: 2,
});
assert.deepEqual(cities, ['Lyon']);
assert.equal(answer.toolLoop?.steps.length, 2);

// A widget package's schema, parsed by the host's zod 3.25.
const registry = createWidgetRegistry([generalWidget], { router });
const result = await registry.handle({
  messages: [{ role: 'user', content: 'A list of warm-up drills' }],
});
assert.equal(result.widget, 'general-widget');
await router.close();
console.log('zod 3.25 consumer: ok');
