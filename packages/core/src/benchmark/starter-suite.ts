import { z } from 'zod/v4';
import { type BenchmarkSuite, defineBenchmarkSuite } from './benchmark-suite.js';
import {
  exactAnswerScorer,
  jsonSchemaScorer,
  keywordsScorer,
  minLengthScorer,
  regexScorer,
} from './scorers.js';

// A starting point, not a verdict: five cheap prompts per built-in category, scored by rules
// (no judge calls). Replace them with prompts from your own traffic. The weights follow seed 003
// for coding (0.5 / 0.3 / 0.2); the others are this library's choice (decision 036).

/**
 * The starter suite: about five cheap tests for each built-in category (`coding`, `math`,
 * `research`, `language`, `empathy`, `general`), rule-scored, answers capped at 200 tokens. On
 * `gpt-4o-mini` a full run of all six categories costs well under one US cent per model.
 */
export const STARTER_SUITE: BenchmarkSuite = defineBenchmarkSuite({
  version: 'starter-1',
  categories: {
    coding: {
      weights: { quality: 0.5, speed: 0.3, cost: 0.2 },
      tests: [
        {
          id: 'merge-sort',
          prompt: 'In two sentences, explain how merge sort works and state its time complexity.',
          scorers: [keywordsScorer(['divide', 'merge']), regexScorer(/n\s*log\s*n/i)],
          maxTokens: 150,
        },
        {
          id: 'reverse-string',
          prompt:
            'Write a Python function reverse_string(s) that returns s reversed. Reply with only the code.',
          scorers: [keywordsScorer(['def', 'return']), regexScorer(/\[::-1\]|reversed\(/)],
          maxTokens: 120,
        },
        {
          id: 'off-by-one',
          prompt:
            'This JavaScript loop skips the last item: for (let i = 0; i < items.length - 1; i++) print(items[i]); What is the bug? One sentence.',
          scorers: [regexScorer(/length\s*-\s*1|off[- ]by[- ]one|<=|i < items\.length\b/i)],
          maxTokens: 80,
        },
        {
          id: 'big-o-lookup',
          prompt:
            'What is the average time complexity of looking up a key in a hash table? Reply in big-O notation only.',
          scorers: [regexScorer(/O\(\s*1\s*\)/i)],
          maxTokens: 20,
        },
        {
          id: 'sql-count',
          prompt:
            'Write one SQL query that counts the rows of a table named orders. Reply with only the query.',
          scorers: [regexScorer(/select\s+count\s*\(\s*(\*|1)\s*\)\s+from\s+orders/i)],
          maxTokens: 40,
        },
      ],
    },
    math: {
      weights: { quality: 0.6, speed: 0.2, cost: 0.2 },
      tests: [
        {
          id: 'linear-equation',
          prompt: 'Solve 2x + 5 = 15 for x. Reply with only the number.',
          scorers: [exactAnswerScorer(5)],
          maxTokens: 10,
        },
        {
          id: 'percentage',
          prompt: 'What is 15% of 80? Reply with only the number.',
          scorers: [exactAnswerScorer(12)],
          maxTokens: 10,
        },
        {
          id: 'derivative',
          prompt:
            'What is the derivative of x^3 with respect to x? Reply with only the expression.',
          scorers: [regexScorer(/^\s*3\s*\*?\s*x\s*(\^|\*\*)\s*2\s*\.?\s*$|3x²/i)],
          maxTokens: 15,
        },
        {
          id: 'prime',
          prompt: 'Is 91 a prime number? Reply yes or no, then the reason in one short sentence.',
          scorers: [regexScorer(/^\W*no\b/i), keywordsScorer(['7', '13'])],
          maxTokens: 40,
        },
        {
          id: 'word-problem',
          prompt:
            'A train travels 180 km in 2 hours. What is its average speed in km/h? Reply with only the number.',
          scorers: [exactAnswerScorer(90)],
          maxTokens: 10,
        },
      ],
    },
    research: {
      weights: { quality: 0.5, speed: 0.2, cost: 0.3 },
      tests: [
        {
          id: 'compare-storage',
          prompt: 'Compare SQL and NoSQL databases in three short bullet points.',
          scorers: [keywordsScorer(['schema', 'scal'], { mode: 'any' }), minLengthScorer(120)],
          maxTokens: 160,
        },
        {
          id: 'photosynthesis',
          prompt: 'Summarise photosynthesis in two sentences.',
          scorers: [keywordsScorer(['light', 'carbon dioxide', 'oxygen']), minLengthScorer(80)],
          maxTokens: 120,
        },
        {
          id: 'json-facts',
          prompt:
            'Give the capital and population (a number) of Japan as JSON with the keys "capital" and "population". Reply with only the JSON.',
          scorers: [
            jsonSchemaScorer(
              z.object({ capital: z.string().regex(/tokyo/i), population: z.number().positive() }),
            ),
          ],
          maxTokens: 40,
        },
        {
          id: 'cause-effect',
          prompt: 'In two sentences, why does inflation reduce purchasing power?',
          scorers: [keywordsScorer(['price', 'money'], { mode: 'all' }), minLengthScorer(80)],
          maxTokens: 120,
        },
        {
          id: 'source-types',
          prompt: 'Name the difference between a primary and a secondary source in one sentence.',
          scorers: [
            keywordsScorer(['original', 'first-hand', 'firsthand', 'direct'], { mode: 'any' }),
          ],
          maxTokens: 60,
        },
      ],
    },
    language: {
      weights: { quality: 0.5, speed: 0.25, cost: 0.25 },
      tests: [
        {
          id: 'grammar-fix',
          prompt:
            'Correct the grammar: "She don\'t like apples." Reply with only the corrected sentence.',
          scorers: [exactAnswerScorer("She doesn't like apples")],
          maxTokens: 20,
        },
        {
          id: 'translate-fr',
          prompt:
            'Translate "Good morning, my friend" into French. Reply with only the translation.',
          scorers: [keywordsScorer(['bonjour', 'ami'])],
          maxTokens: 20,
        },
        {
          id: 'synonym',
          prompt: 'Give one synonym of "happy". Reply with one word.',
          scorers: [
            keywordsScorer(
              ['glad', 'joyful', 'cheerful', 'content', 'delighted', 'pleased', 'joyous'],
              { mode: 'any' },
            ),
          ],
          maxTokens: 5,
        },
        {
          id: 'plural',
          prompt: 'What is the plural of "mouse" (the animal)? Reply with one word.',
          scorers: [exactAnswerScorer('mice')],
          maxTokens: 5,
        },
        {
          id: 'formal-rewrite',
          prompt: 'Rewrite formally, in one sentence: "gonna be late, sorry".',
          scorers: [regexScorer(/apolog|regret|sorry/i), regexScorer(/^(?!.*gonna).*$/is)],
          maxTokens: 40,
        },
      ],
    },
    empathy: {
      weights: { quality: 0.6, speed: 0.2, cost: 0.2 },
      tests: [
        {
          id: 'frustrated',
          prompt: "I'm so frustrated, I've failed this exam twice. Reply in two sentences.",
          scorers: [
            keywordsScorer(['understand', 'sorry', 'frustrating', 'hear', 'normal'], {
              mode: 'any',
            }),
            minLengthScorer(60),
          ],
          maxTokens: 100,
        },
        {
          id: 'lonely',
          prompt: 'I feel lonely since I moved to a new city. Reply in two sentences.',
          scorers: [
            keywordsScorer(['understand', 'sorry', 'hard', 'natural', 'normal', 'common'], {
              mode: 'any',
            }),
            minLengthScorer(60),
          ],
          maxTokens: 100,
        },
        {
          id: 'anxious',
          prompt: 'I am anxious about my job interview tomorrow. Reply in two sentences.',
          scorers: [
            keywordsScorer(['normal', 'natural', 'understandable', 'prepare', 'breath'], {
              mode: 'any',
            }),
            minLengthScorer(60),
          ],
          maxTokens: 100,
        },
        {
          id: 'grief',
          prompt: 'My dog died yesterday. Reply in two sentences.',
          scorers: [keywordsScorer(['sorry', 'loss'], { mode: 'any' }), minLengthScorer(50)],
          maxTokens: 100,
        },
        {
          id: 'no-lecture',
          prompt: 'I made a mistake at work and feel stupid. Reply in one or two sentences.',
          scorers: [
            keywordsScorer(['everyone', 'human', 'normal', 'happens', 'learn'], { mode: 'any' }),
            regexScorer(/^(?!.*\bstupid\b.*\byou are\b).*$/is),
          ],
          maxTokens: 80,
        },
      ],
    },
    general: {
      weights: { quality: 0.4, speed: 0.3, cost: 0.3 },
      tests: [
        {
          id: 'capital',
          prompt: 'What is the capital of Australia? Reply with one word.',
          scorers: [exactAnswerScorer('Canberra')],
          maxTokens: 5,
        },
        {
          id: 'days-in-leap-year',
          prompt: 'How many days are in a leap year? Reply with only the number.',
          scorers: [exactAnswerScorer(366)],
          maxTokens: 5,
        },
        {
          id: 'boiling-point',
          prompt:
            'At what temperature in Celsius does water boil at sea level? Reply with only the number.',
          scorers: [exactAnswerScorer(100)],
          maxTokens: 5,
        },
        {
          id: 'list-colors',
          prompt: 'List the three primary colours of light, comma separated.',
          scorers: [keywordsScorer(['red', 'green', 'blue'])],
          maxTokens: 15,
        },
        {
          id: 'tip',
          prompt: 'Give one short tip for better sleep, in one sentence.',
          scorers: [minLengthScorer(25)],
          maxTokens: 40,
        },
      ],
    },
  },
});
