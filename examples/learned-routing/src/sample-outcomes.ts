// A small, invented sample of outcomes for the example: how a cheap and a strong model fared on
// prompts of a help-desk assistant. Made up for illustration (the real evaluation, on published
// outcomes, is in docs/routing-quality.md): the cheap model answers lookups, greetings and short
// rewrites well, and fails most multi-step proofs, derivations and concurrency questions.

export const CHEAP = 'openai:gpt-4o-mini';
export const STRONG = 'openai:gpt-4o';

const easyTemplates = [
  (x: string) => `What is the capital of ${x}?`,
  (x: string) => `Translate "good morning" into ${x}.`,
  (x: string) => `Say thank you to the ${x} team for the quick reply.`,
  (x: string) => `Rephrase this sentence more politely: send me the ${x} report.`,
  (x: string) => `What time zone is ${x} in?`,
];
const hardTemplates = [
  (x: string) =>
    `Prove that the ${x} algorithm terminates and derive its worst-case running time step by step.`,
  (x: string) =>
    `Our ${x} service deadlocks under load. Explain the race condition and design a lock-free fix.`,
  (x: string) => `Derive the closed form of the ${x} recurrence and prove it by induction.`,
  (x: string) =>
    `Design a multi-region ${x} architecture, compare the consistency trade-offs and justify your choice.`,
  (x: string) => `Find the flaw in this ${x} proof and give a corrected, rigorous argument.`,
];
const fillers = [
  'France',
  'Japanese',
  'billing',
  'quarterly',
  'Chile',
  'Kenya',
  'support',
  'Norway',
  'Spanish',
  'payments',
  'Dijkstra',
  'cache',
  'Fibonacci',
  'storage',
  'matrix',
  'search',
  'queue',
  'graph',
  'ledger',
  'Peru',
];

export interface SampleRow {
  readonly prompt: string;
  /** Score 0–1 of each model's answer. */
  readonly scores: Readonly<Record<string, number>>;
}

/** 200 prompts: both models answer the easy ones; the cheap one fails three hard ones in four. */
export function sampleRows(): SampleRow[] {
  const rows: SampleRow[] = [];
  let k = 0;
  for (const filler of fillers) {
    for (const t of easyTemplates)
      rows.push({ prompt: t(filler), scores: { [CHEAP]: 1, [STRONG]: 1 } });
    for (const t of hardTemplates) {
      k += 1;
      rows.push({ prompt: t(filler), scores: { [CHEAP]: k % 4 === 0 ? 1 : 0, [STRONG]: 1 } });
    }
  }
  return rows;
}
