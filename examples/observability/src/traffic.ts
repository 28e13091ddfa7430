/** A small seeded generator (mulberry32), so every run of the demo sees the same traffic. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Questions a help-desk assistant gets; repeats are common, which is what the cache is for. */
export const PROMPTS: readonly string[] = [
  "What's the capital of France?",
  'Translate "see you tomorrow" in Spanish',
  'Hello!',
  'Summarize the key points of our refund policy',
  'My Python script throws a KeyError when parsing the config, how do I debug it?',
  'Design a rate limiter for a multi-tenant API and explain the trade-offs step by step.',
  'Solve 3x + 7 = 22 and show the steps',
  'I feel overwhelmed with work this week, any advice?',
  'Write a function in TypeScript that deduplicates an array of objects by id',
  'Compare PostgreSQL and MongoDB for an analytics workload, with evidence',
  'What is a mutex?',
  'Proofread this sentence: "Their going to the park tomorow."',
];
