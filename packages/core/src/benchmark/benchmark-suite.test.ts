import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { type BenchmarkSuite, defineBenchmarkSuite } from './benchmark-suite.js';
import { exactAnswerScorer } from './scorers.js';
import { STARTER_SUITE } from './starter-suite.js';

const weights = { quality: 0.5, speed: 0.3, cost: 0.2 };
const add = { id: 'add', prompt: '2 + 3?', scorers: [exactAnswerScorer(5)] };

function issuesOf(suite: BenchmarkSuite): { path: string; message: string }[] {
  try {
    defineBenchmarkSuite(suite);
  } catch (error) {
    expect(ConfigError.isInstance(error)).toBe(true);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

describe('defineBenchmarkSuite', () => {
  it('refuses an empty suite', () => {
    expect(issuesOf({ version: '1', categories: {} })).toEqual([
      { path: 'categories', message: 'the suite is empty: give at least one category' },
    ]);
  });

  it('refuses a category without tests and a test without a scorer or prompt, naming each path', () => {
    const issues = issuesOf({
      version: '1',
      categories: {
        math: {
          weights,
          tests: [
            { id: 'a', prompt: 'x', scorers: [] },
            { id: 'b', scorers: [exactAnswerScorer(1)] },
          ],
        },
        coding: { weights, tests: [] },
      },
    });
    expect(issues).toEqual([
      { path: 'categories.math.tests[0].scorers', message: 'the test has no scorer' },
      {
        path: 'categories.math.tests[1]',
        message: 'the test has no prompt: give prompt or messages',
      },
      { path: 'categories.coding.tests', message: 'the category has no tests' },
    ]);
  });

  it('refuses weights that do not sum to 1, or lie outside 0–1', () => {
    const issues = issuesOf({
      version: '1',
      categories: {
        math: { weights: { quality: 0.5, speed: 0.3, cost: 0.3 }, tests: [add] },
        coding: { weights: { quality: 1.5, speed: -0.5, cost: 0 }, tests: [add] },
      },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'categories.math.weights',
      'categories.coding.weights.quality',
      'categories.coding.weights.speed',
    ]);
    expect(issues[0]?.message).toMatch(/sum to 1\.1, not 1/);
  });

  it('refuses duplicate test ids and names every problem in one message', () => {
    expect(() =>
      defineBenchmarkSuite({
        version: '',
        categories: { math: { weights, tests: [add, add] } },
      }),
    ).toThrow(/version.*\n?.*duplicate test id "add"/s);
  });

  it('accepts a good suite and freezes it', () => {
    const suite = defineBenchmarkSuite({
      version: '1',
      categories: { math: { weights, tests: [add] } },
    });
    expect(Object.isFrozen(suite)).toBe(true);
  });
});

describe('STARTER_SUITE', () => {
  it('has about five tests for each built-in category, with seed 003 weights for coding', () => {
    expect(Object.keys(STARTER_SUITE.categories).sort()).toEqual([
      'coding',
      'empathy',
      'general',
      'language',
      'math',
      'research',
    ]);
    for (const category of Object.values(STARTER_SUITE.categories)) {
      expect(category.tests.length).toBeGreaterThanOrEqual(4);
      expect(category.tests.length).toBeLessThanOrEqual(6);
    }
    expect(STARTER_SUITE.categories.coding?.weights).toEqual(weights);
  });
});
