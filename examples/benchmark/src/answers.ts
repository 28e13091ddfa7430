import { STARTER_SUITE } from '@switchyard/core';

// What a good model answers to each starter test, by test id. The demo vendors answer from this
// table, so the example shows the engine telling a right vendor from a wrong one.
const GOOD: Readonly<Record<string, string>> = {
  'merge-sort':
    'Merge sort divides the list into halves, sorts each half recursively and then merges them. It runs in O(n log n) time.',
  'reverse-string': 'def reverse_string(s):\n    return s[::-1]',
  'off-by-one': 'The condition i < items.length - 1 stops one item early; use i < items.length.',
  'big-o-lookup': 'O(1)',
  'sql-count': 'SELECT COUNT(*) FROM orders;',
  'linear-equation': '5',
  percentage: '12',
  derivative: '3x^2',
  prime: 'No, 91 = 7 × 13.',
  'word-problem': '90',
  'compare-storage':
    '- SQL databases use a fixed schema of tables and rows.\n- NoSQL databases store flexible documents or key-value pairs.\n- NoSQL systems usually scale out horizontally more easily.',
  photosynthesis:
    'Plants use light energy to turn carbon dioxide and water into glucose. Oxygen is released as a by-product.',
  'json-facts': '{"capital": "Tokyo", "population": 125000000}',
  'cause-effect':
    'When prices rise, each unit of money buys fewer goods and services. The same income therefore has less purchasing power.',
  'source-types':
    'A primary source is original, first-hand evidence, while a secondary source interprets it.',
  'grammar-fix': "She doesn't like apples.",
  'translate-fr': 'Bonjour, mon ami.',
  synonym: 'Joyful',
  plural: 'Mice',
  'formal-rewrite': 'I apologise, but I will be late.',
  frustrated:
    "I'm sorry, failing twice is really frustrating. It is normal to feel this way, and you can plan the next attempt step by step.",
  lonely:
    "I'm sorry you feel lonely; moving to a new city is hard. It is natural, and small routines like joining a club can help.",
  anxious:
    'Feeling anxious before an interview is completely normal. Prepare a few examples tonight and take slow breaths tomorrow.',
  grief: "I'm so sorry for your loss. Losing a dog is losing a friend.",
  'no-lecture': 'Everyone makes mistakes at work; it happens, and you can learn from it.',
  capital: 'Canberra',
  'days-in-leap-year': '366',
  'boiling-point': '100',
  'list-colors': 'Red, green, blue',
  tip: 'Keep a regular bedtime and avoid screens for an hour before sleep.',
};

const testByPrompt = new Map<string, { category: string; id: string }>();
for (const [category, { tests }] of Object.entries(STARTER_SUITE.categories)) {
  for (const test of tests) {
    if (test.prompt !== undefined) testByPrompt.set(test.prompt, { category, id: test.id });
  }
}

/**
 * A demo vendor's answer: the good answer to a starter test, a wrong one to math tests when the
 * vendor is `wrongAtMath`, and a short reply to anything else (routed traffic).
 */
export function answerFor(vendor: string, prompt: string, wrongAtMath: boolean): string {
  const test = testByPrompt.get(prompt);
  if (test === undefined) return `${vendor} answers: ${prompt.slice(0, 40)}`;
  if (wrongAtMath && test.category === 'math') return 'I think it is 7.';
  return GOOD[test.id] ?? 'I do not know.';
}
