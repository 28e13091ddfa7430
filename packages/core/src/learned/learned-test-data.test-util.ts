import type { Outcome } from './outcome.js';

export const CHEAP = 'mock:small';
export const STRONG = 'mock:large';

// A toy world with a signal in the text: the cheap model fails proofs and integrals, and both
// models answer greetings and capitals. Noise-free, so a working learner must separate them.
const HARD = [
  'Prove that the square root of two is irrational',
  'Prove the integral of the Gaussian over the real line equals root pi',
  'Evaluate the contour integral and prove the residue theorem applies',
  'Prove by induction that the sum of the first n odd numbers is n squared',
];
const EASY = [
  'What is the capital of France?',
  'Say hello to my friend',
  'What is the capital of Spain?',
  'Translate good morning into German',
];

export function toyOutcomes(): Outcome[] {
  const outcomes: Outcome[] = [];
  for (let round = 0; round < 30; round++) {
    for (const prompt of HARD) {
      outcomes.push({ prompt, model: CHEAP, score: 0, time: round });
      outcomes.push({ prompt, model: STRONG, score: 1, time: round });
    }
    for (const prompt of EASY) {
      outcomes.push({ prompt, model: CHEAP, score: 1, time: round });
      outcomes.push({ prompt, model: STRONG, score: 1, time: round });
    }
  }
  return outcomes;
}
