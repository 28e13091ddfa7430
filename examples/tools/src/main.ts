import { createRouter, type Provider } from '@switchyard/core';
import { mockVendor } from '@switchyard/testing';
import { loads, registry } from './trip-tools.js';

// A trip-planning assistant. On the mock provider (the default, no API key) the model's turns are
// scripted: first it calls the three travel tools at once, then it answers with their results.
// With OPENAI_API_KEY set and `--real`, the same loop runs on OpenAI.

async function provider(): Promise<{ provider: Provider; model: string; script?: () => void }> {
  if (process.argv.includes('--real') && process.env.OPENAI_API_KEY) {
    const { createOpenAI } = await import('@switchyard/openai');
    return {
      provider: createOpenAI({ apiKey: process.env.OPENAI_API_KEY }),
      model: 'openai:gpt-4o-mini',
    };
  }
  const vendor = mockVendor();
  return {
    provider: vendor.provider,
    model: vendor.models.fast,
    script: () =>
      vendor.reply(
        {
          toolCalls: [
            { name: 'weather', arguments: { city: 'Lyon', date: '2026-12-05' } },
            { name: 'route', arguments: { from: 'Paris', to: 'Lyon' } },
            { name: 'budget', arguments: { city: 'Lyon', nights: 2 } },
          ],
        },
        {
          text: 'Lyon on 5 December: sunny, 19 °C. TGV 6611 takes 1 h 57. Two nights: about 315 EUR.',
        },
      ),
  };
}

const { provider: p, model, script } = await provider();
const router = createRouter({ providers: [p], models: { fast: model }, retry: { maxRetries: 0 } });
router.on('tool', (e) => {
  console.log(
    `tool ${e.name} (step ${e.step}): ${e.error ?? 'ok'} in ${Math.round(e.latencyMs)} ms`,
  );
});
script?.();

const started = performance.now();
const answer = await router.chat({
  messages: [
    {
      role: 'user',
      content: 'Plan 2 nights in Lyon from Paris on 2026-12-05: weather, train and budget.',
    },
  ],
  toolRegistry: registry,
  toolDomain: 'travel',
  maxSteps: 4,
});
const elapsed = performance.now() - started;

const tools = answer.route.tools;
console.log(`offered: ${tools?.offered.join(', ')} (domain ${tools?.domain})`);
console.log(
  `tool schemas: ${tools?.schemaTokens} tokens per turn; saved against offering all tools: ${tools?.savedTokens} tokens`,
);
const times = (n: number) => `${n} ${n === 1 ? 'time' : 'times'}`;
console.log(`domains loaded: travel ${times(loads.travel)}, billing ${times(loads.billing)}`);
console.log(
  `model turns: ${answer.toolLoop?.steps.length}; limit reached: ${answer.toolLoop?.limitReached}`,
);
const toolMs = (answer.route.tools?.steps[0]?.calls ?? []).map((c) => c.latencyMs);
console.log(
  `tools in parallel: slowest ${Math.round(Math.max(...toolMs))} ms, whole loop ${Math.round(elapsed)} ms`,
);
console.log(`answer: ${answer.text}`);
await router.close();
