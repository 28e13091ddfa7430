import { createRouter, type Provider } from '@switchyard/core';
import { providersFromEnv } from '@switchyard/env';
import { printRouting, scoreTable } from './print.js';
import { type DemoVendors, fakeServerDemoVendors, mockDemoVendors } from './vendors.js';

// Benchmarks two vendors per category with the starter suite, then shows the routing the scores
// lead to: first on mock providers, then on fake vendor servers through the real SDKs. With API
// keys in the environment it also runs the starter suite on the real vendors (a few cents at most).

async function demo(title: string, vendors: DemoVendors): Promise<void> {
  console.log(`\n=== ${title} ===`);
  const router = createRouter({
    providers: [...vendors.providers],
    models: { fast: [vendors.models.slow, vendors.models.fast] },
    benchmarks: { spendCapUsd: 0.05, concurrency: 4 },
  });
  try {
    console.log(`\nBefore any run, ${vendors.wrongAtMath} answers math wrong:`);
    for (const line of await printRouting(router)) console.log(`  ${line}`);

    const run = await router.runBenchmarks();
    console.log('\nScores:');
    console.log(scoreTable(run));
    console.log('\nRouting with these scores:');
    for (const line of await printRouting(router)) console.log(`  ${line}`);

    vendors.wrongAtMath = vendors.wrongAtMath === 'groq' ? 'openai' : 'groq';
    await router.runBenchmarks({ categories: ['math'] });
    console.log(`\nAfter a new math run, where ${vendors.wrongAtMath} answers math wrong instead:`);
    const [, math] = await printRouting(router);
    console.log(`  ${math}`);
  } finally {
    await router.close();
    await vendors.close();
  }
}

const CHEAP: Readonly<Record<string, string>> = {
  openai: 'openai:gpt-4o-mini',
  anthropic: 'anthropic:claude-haiku-4-5',
  google: 'google:gemini-2.0-flash',
  groq: 'groq:llama-3.1-8b-instant',
};

async function real(providers: readonly Provider[]): Promise<void> {
  const models = providers.flatMap((p) =>
    CHEAP[p.id] === undefined ? [] : [CHEAP[p.id] as string],
  );
  console.log(`\n=== The starter suite on real vendors: ${models.join(', ')} ===`);
  const router = createRouter({
    providers: [...providers],
    models: { fast: models },
    benchmarks: { spendCapUsd: 0.05 },
  });
  try {
    const run = await router.runBenchmarks();
    console.log(scoreTable(run));
    console.log('\nRouting with these scores:');
    for (const line of await printRouting(router)) console.log(`  ${line}`);
  } finally {
    await router.close();
  }
}

await demo('Mock providers (no network)', mockDemoVendors());
await demo(
  'Fake vendor servers through the real openai and groq-sdk SDKs',
  await fakeServerDemoVendors(),
);
const providers = await providersFromEnv();
if (providers.length === 0) {
  console.log(
    '\n(No API keys set: OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY or GEMINI_API_KEY, GROQ_API_KEY. Real vendors skipped.)',
  );
} else {
  await real(providers);
}
