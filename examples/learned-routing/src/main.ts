import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFeedbackRecorder,
  createMemoryOutcomeStore,
  createRouter,
  learnedTierPolicy,
  loadLearnedModel,
  type Outcome,
  tierThreshold,
  trainRouter,
} from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';
import { CHEAP, STRONG, sampleRows } from './sample-outcomes.js';

// 1. Outcomes: how each model did on past prompts (from router.feedback, a judge, or the
//    benchmark engine). Train on the first 140 prompts; the last 60 (new subjects) choose the
//    threshold and stand in for tomorrow's traffic.
const rows = sampleRows();
const train = rows.slice(0, 140);
const held = rows.slice(140);
const outcomes: Outcome[] = train.flatMap((row) =>
  Object.entries(row.scores).map(([model, score]) => ({
    prompt: row.prompt,
    model,
    score,
    time: 0,
  })),
);
const trained = trainRouter(outcomes, { seed: 1, learningRate: 0.1, epochs: 10 });

// 2. Deploy: save the model file, load it where the router runs (a corrupt file is a ModelFileError).
const dir = mkdtempSync(join(tmpdir(), 'switchyard-learned-'));
const file = join(dir, 'router-model.bin');
writeFileSync(file, trained.serialize());
const model = loadLearnedModel(readFileSync(file), { models: [CHEAP, STRONG] });
console.log(`model: ${model.models.join(', ')}; ${readFileSync(file).length} bytes`);
rmSync(dir, { recursive: true });

// 3. The threshold: the fewest strong calls that keep 95% of the strong model's quality.
const threshold = tierThreshold(model, { cheap: CHEAP, strong: STRONG }, held, { quality: 0.95 });
console.log(`threshold: gain > ${threshold.toFixed(3)} goes to the strong model`);

// 4. Route with it. Mock providers stand in for the vendors (no API key needed): this example
//    shows the decisions, not the answers.
const openai = createMockProvider({
  id: 'openai',
  rules: [{ reply: (request, i) => ({ text: `(${request.model} answers)`, id: `resp_${i}` }) }],
});
const store = createMemoryOutcomeStore();
const router = createRouter({
  providers: [openai],
  models: { fast: [CHEAP], strong: [STRONG] },
  routing: {
    policies: [
      learnedTierPolicy({
        model,
        cheap: { route: 'fast', model: CHEAP },
        strong: { route: 'strong', model: STRONG },
        threshold,
      }),
    ],
  },
  feedback: createFeedbackRecorder({ store }),
});

let strongCalls = 0;
let quality = 0;
let qualityAllStrong = 0;
let cost = 0;
let costAllStrong = 0;
const strongPrice = { input: 2.5, output: 10 }; // openai:gpt-4o, $ per million tokens
// Two held-out prompts to show the decision for: a concurrency bug and an easy lookup. (The sample
// crosses templates with fillers, so some prompts read oddly; these two read like real traffic.)
const SHOWCASE = new Set([
  'Our queue service deadlocks under load. Explain the race condition and design a lock-free fix.',
  'What is the capital of Peru?',
]);
for (const row of held) {
  const answer = await router.chat({
    messages: [{ role: 'user', content: row.prompt }],
    maxTokens: 300,
  });
  const model = `${answer.provider}:${answer.model}`;
  if (model === STRONG) strongCalls += 1;
  quality += row.scores[model] ?? 0;
  qualityAllStrong += row.scores[STRONG] ?? 0;
  cost += answer.costUsd ?? 0;
  costAllStrong +=
    (answer.usage.inputTokens * strongPrice.input +
      answer.usage.outputTokens * strongPrice.output) /
    1e6;
  if (SHOWCASE.has(row.prompt)) {
    const step = answer.route.steps.find((s) => s.policy === 'learned');
    console.log(`\n"${row.prompt}"\n  → ${model}: ${step?.note}`);
  }
  // 5. Feedback: the host scores the answer (a thumbs-up, a validator, a judge); it becomes an outcome.
  if (answer.id !== undefined) await router.feedback(answer.id, { score: row.scores[model] ?? 0 });
}
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
console.log(
  `\nheld-out prompts: ${held.length}; sent to ${STRONG}: ${strongCalls} (${pct(strongCalls / held.length)})`,
);
console.log(
  `quality: ${pct(quality / qualityAllStrong)} of all-strong; cost: ${pct(cost / costAllStrong)} of all-strong`,
);
console.log(
  `outcomes recorded by router.feedback: ${store.size()} (train again with trainRouter(store.list()))`,
);
await router.close();
