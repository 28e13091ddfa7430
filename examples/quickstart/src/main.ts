import { type ChatResponse, createRouter, type Message, type Router } from '@switchyard/core';
import { providersFromEnv, type SkippedVendor } from '@switchyard/env';
import type { MockProvider } from '@switchyard/testing';
import { complexSignals } from './complexity-signals.js';
import { wrongKeyHint } from './key-hint.js';
import { mockVendors } from './mock-vendors.js';
import { printRoute } from './print-route.js';
import { aliasesFor } from './real-vendors.js';

// Real vendors when their API keys are set; the mock providers otherwise.
const skipped: SkippedVendor[] = [];
const real = await providersFromEnv({ onSkip: (vendor) => skipped.push(vendor) });
const mocks = real.length === 0 ? mockVendors() : undefined;

if (mocks === undefined) {
  console.log(
    `Switchyard quickstart: running on real vendors: ${real.map((p) => p.id).join(', ')} (API keys from the environment).\n`,
  );
} else {
  console.log(
    'Switchyard quickstart: running on mock providers (no API keys set: OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY or GEMINI_API_KEY, GROQ_API_KEY).\n',
  );
}
for (const vendor of skipped) {
  console.log(`(${vendor.variable} is set, but ${vendor.reason}: ${vendor.vendor} skipped.)\n`);
}

const router = createRouter({
  providers: mocks === undefined ? real : [mocks.openai, mocks.anthropic],
  models:
    mocks === undefined
      ? aliasesFor(real)
      : {
          fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'],
          strong: ['anthropic:claude-sonnet-5', 'openai:gpt-4o'],
        },
  defaultModel: 'fast',
  retry: { maxRetries: 1, initialDelayMs: 100 },
  // Exact-match answers kept in memory: asking the same question twice costs one vendor call.
  cache: true,
});

const user = (content: string): Message[] => [{ role: 'user', content }];

/** The answer's cost, and whether the cache answered it. */
function cost(response: ChatResponse): string {
  const usd = response.costUsd === undefined ? 'unknown' : `$${response.costUsd.toFixed(6)}`;
  return response.cached
    ? `   cost: ${usd} · answered by the cache: no vendor call`
    : `   cost: ${usd} (${response.usage.inputTokens} in, ${response.usage.outputTokens} out)`;
}

async function main(): Promise<void> {
  console.log('1. A simple question goes to the fast tier');
  const simple = await router.chat({ messages: user("What's the capital of France?") });
  console.log(`   A: ${simple.text}\n${cost(simple)}\n${printRoute(simple.route)}\n`);

  console.log('2. A hard question goes to the strong tier (the classifier decides)');
  const question =
    'Explain step by step how to prevent deadlocks in a service that takes several locks, and the trade-offs of each technique.';
  const hard = await router.chat({ messages: user(question) });
  console.log(`   A: ${hard.text}\n${cost(hard)}`);
  console.log(`   complex because of: ${complexSignals(question).join(', ') || 'its length'}`);
  console.log(`${printRoute(hard.route)}\n`);

  console.log('3. The first question again: the cache answers');
  const again = await router.chat({ messages: user("What's the capital of France?") });
  console.log(`   A: ${again.text}\n${cost(again)}\n`);

  if (mocks === undefined) {
    console.log('4. (Failure injection needs the mock providers: skipped on real vendors.)\n');
  } else {
    await survivesAnOutage(router, mocks.openai);
  }

  console.log('5. A streamed answer');
  process.stdout.write('   A: ');
  for await (const event of router.stream({
    messages: user('Write a haiku about request routing.'),
  })) {
    if (event.type === 'text-delta') process.stdout.write(event.text.replace(/\n/g, '\n      '));
    if (event.type === 'finish') {
      console.log(`\n${printRoute(event.response.route)}`);
      console.log(
        `   usage: ${event.response.usage.inputTokens} in, ${event.response.usage.outputTokens} out\n${cost(event.response)}\n`,
      );
    }
  }
}

async function survivesAnOutage(router: Router, openai: MockProvider): Promise<void> {
  console.log('4. The primary vendor is failing (503 twice): one retry, then fallback');
  openai.failNext({ status: 503, message: 'Service Unavailable' }, 2);
  const survived = await router.chat({
    messages: user('How should a client retry a failed HTTP call?'),
  });
  console.log(`   A: ${survived.text}\n${cost(survived)}\n${printRoute(survived.route)}\n`);
}

try {
  await main();
} catch (error) {
  // A key the vendor refuses is the most common first-run failure: say what to do in one line.
  const hint = wrongKeyHint(error);
  if (hint === undefined) throw error;
  console.error(`\n${hint}`);
  process.exitCode = 1;
} finally {
  await router.close();
}
