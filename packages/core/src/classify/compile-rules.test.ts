import { describe, expect, it } from 'vitest';
import type { ClassifierRule } from './classification.js';
import { gateWords } from './keyword-regex.js';
import { createRuleClassifier } from './rule-classifier.js';

describe('pattern gates: which patterns run only when their leading word was seen', () => {
  it.each([
    [/\b(?:plan|Planning|itinerary)\b[^.]{0,80}?\bunder\b/i, ['plan', 'planning', 'itinerary']],
    [/\border\b #\d{5}/, ['order']],
    [/\bshipped\b/i, ['shipped']],
  ])('%s is gated by %j', (pattern, words) => {
    expect(gateWords(pattern)).toEqual(words);
  });

  it.each([
    // An alternative at the top level: the leading word is not necessary.
    /\bplan\b|\d+ days/,
    // No boundary after the word: it may be the start of a longer one ("planet").
    /\bplan/,
    /\bplans?\b/,
    // Does not start with a word.
    /\d[a-z]?\s*[-+*/]\s*\d/,
    /(?:\bplan\b)/,
    // Under /ui, "K" (Kelvin sign) matches "k": the lower-cased keyword pass would not see it.
    /\bkayak\b/iu,
  ])('%s always runs', (pattern) => {
    expect(gateWords(pattern)).toBeUndefined();
  });

  it('an alternative inside a group or a character class does not count as a top-level one', () => {
    expect(gateWords(/\bplan\b(?:a|b)[|]\s\|/)).toEqual(['plan']);
  });

  // The same pattern, gated and not: `(?:…)` around it hides the leading word from the gate.
  const PLANNING = String.raw`\b(?:plan|planning|schedule)\b[^.?!\n]{0,40}?(?:\bunder\b|\$\s?\d|\b\d+[- ]?days?\b)`;
  const rules = (source: string): ClassifierRule[] => [
    {
      name: 'p',
      complexity: 'complex',
      category: 'travel',
      weight: 3,
      patterns: [new RegExp(source, 'i')],
    },
    // Keywords that swallow a gate word, or stand next to one.
    { name: 'k', category: 'sales', keywords: ['game plan', 'plan b', 'sprint planning', 'sched'] },
  ];
  const gated = createRuleClassifier({ builtinRules: false, rules: rules(PLANNING) });
  const ungated = createRuleClassifier({ builtinRules: false, rules: rules(`(?:${PLANNING})`) });
  const texts = [
    'Plan a 2-week RV trip from San Francisco to Seattle under $2000',
    'Our game plan under $500, please',
    'What is plan B for 3 days?',
    'sprint planning for 2 days',
    'PLANNING a wedding within $3000',
    'plans for 3 days',
    'a schedule: 5 days, nothing else',
    'schedules under review',
    'the planet is under threat',
    'sched 3 days',
    'no gate word here, under $5 for 3 days',
    '',
  ];
  it.each(texts)('classifies text %# exactly as the ungated pattern does', (text) => {
    const input = {
      text,
      messages: [{ role: 'user' as const, content: text }],
      request: { messages: [] },
    };
    expect(gated.classify(input)).toEqual(ungated.classify(input));
  });

  it('the gated pattern still votes where its word stands', () => {
    const text = 'plan a trip under $100';
    const input = {
      text,
      messages: [{ role: 'user' as const, content: text }],
      request: { messages: [] },
    };
    expect(gated.classify(input)).toMatchObject({ category: 'travel', complexity: 'complex' });
  });

  it('a non-ASCII keyword turns gates off, and the pattern still votes', () => {
    const classifier = createRuleClassifier({
      builtinRules: false,
      rules: [...rules(PLANNING), { category: 'language', keywords: ['élève'] }],
    });
    const text = 'plan a trip under $100';
    expect(
      classifier.classify({
        text,
        messages: [{ role: 'user', content: text }],
        request: { messages: [] },
      }),
    ).toMatchObject({ category: 'travel', complexity: 'complex' });
  });
});
