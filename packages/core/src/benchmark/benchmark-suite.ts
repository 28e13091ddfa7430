import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import type { Message } from '../provider/messages.js';
import type { Scorer } from './scorer.js';

/** How a category weighs quality, speed and cost into one score. Each 0–1; they sum to 1. */
export interface BenchmarkWeights {
  readonly quality: number;
  readonly speed: number;
  readonly cost: number;
}

/** One benchmark test: a prompt (or messages) and the scorers that grade the answer. */
export interface BenchmarkTest {
  /** Unique within its category (`merge-sort`). */
  readonly id: string;
  /** The user's message. Give either `prompt` or `messages`. */
  readonly prompt?: string | undefined;
  /** A whole conversation, for tests that need a system message or earlier turns. */
  readonly messages?: readonly Message[] | undefined;
  /** At least one; the test's quality is their mean (0–100). */
  readonly scorers: readonly Scorer[];
  /** The answer's token limit. Defaults to the run's `maxTokens` (256). */
  readonly maxTokens?: number | undefined;
}

/** A category's tests and weights. */
export interface BenchmarkCategory {
  /** At least one test. */
  readonly tests: readonly BenchmarkTest[];
  /** Seed 003 weighs coding 0.5 / 0.3 / 0.2. */
  readonly weights: BenchmarkWeights;
}

/** Tests per category, with a version stored beside every score. */
export interface BenchmarkSuite {
  /** Changes whenever the tests change, so scores from another version can be told apart. */
  readonly version: string;
  /** By category name: the built-in six (`coding`, `math`, ...) or your own. */
  readonly categories: Readonly<Record<string, BenchmarkCategory>>;
}

const WEIGHT_TOLERANCE = 1e-6;

/**
 * Checks a suite and returns it frozen. Throws a `ConfigError` naming every problem at once: no
 * categories, a category without tests, a test without a prompt or without a scorer, a duplicate
 * test id, weights outside 0–1 or not summing to 1.
 *
 * @example
 * const suite = defineBenchmarkSuite({
 *   version: 'my-math-1',
 *   categories: {
 *     math: {
 *       weights: { quality: 0.6, speed: 0.2, cost: 0.2 },
 *       tests: [{ id: 'add', prompt: 'What is 2 + 3? Reply with only the number.', scorers: [exactAnswerScorer(5)] }],
 *     },
 *   },
 * });
 */
export function defineBenchmarkSuite(suite: BenchmarkSuite): BenchmarkSuite {
  const issues = suiteIssues(suite);
  if (issues.length > 0) throw new ConfigError('benchmark suite', issues);
  return Object.freeze({ ...suite, categories: Object.freeze({ ...suite.categories }) });
}

/** Every problem of a suite, with paths relative to `prefix`. */
export function suiteIssues(suite: BenchmarkSuite, prefix = ''): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (path: string) => (prefix === '' ? path : `${prefix}.${path}`);
  if (typeof suite !== 'object' || suite === null) {
    return [{ path: prefix || '(root)', message: 'expected a benchmark suite object' }];
  }
  if (typeof suite.version !== 'string' || suite.version === '') {
    issues.push({ path: at('version'), message: 'expected a non-empty string' });
  }
  const categories = Object.entries(suite.categories ?? {});
  if (categories.length === 0) {
    issues.push({
      path: at('categories'),
      message: 'the suite is empty: give at least one category',
    });
  }
  for (const [name, category] of categories) {
    const path = at(`categories.${name}`);
    issues.push(...weightIssues(category?.weights, `${path}.weights`));
    const tests = category?.tests ?? [];
    if (tests.length === 0) {
      issues.push({ path: `${path}.tests`, message: 'the category has no tests' });
    }
    const seen = new Set<string>();
    tests.forEach((test, i) => {
      const testPath = `${path}.tests[${i}]`;
      if (typeof test?.id !== 'string' || test.id === '') {
        issues.push({ path: `${testPath}.id`, message: 'expected a non-empty string' });
      } else if (seen.has(test.id)) {
        issues.push({ path: `${testPath}.id`, message: `duplicate test id "${test.id}"` });
      } else seen.add(test.id);
      const hasPrompt = typeof test?.prompt === 'string' && test.prompt.trim() !== '';
      const hasMessages = Array.isArray(test?.messages) && test.messages.length > 0;
      if (hasPrompt === hasMessages) {
        issues.push({
          path: testPath,
          message: hasPrompt
            ? 'give either prompt or messages, not both'
            : 'the test has no prompt: give prompt or messages',
        });
      }
      const scorers = test?.scorers ?? [];
      if (scorers.length === 0) {
        issues.push({ path: `${testPath}.scorers`, message: 'the test has no scorer' });
      }
      scorers.forEach((scorer, j) => {
        if (typeof scorer?.score !== 'function') {
          issues.push({
            path: `${testPath}.scorers[${j}]`,
            message: 'expected a scorer with score(answer, context)',
          });
        }
      });
      if (
        test?.maxTokens !== undefined &&
        (!Number.isInteger(test.maxTokens) || test.maxTokens < 1)
      ) {
        issues.push({ path: `${testPath}.maxTokens`, message: 'expected a whole number ≥ 1' });
      }
    });
  }
  return issues;
}

function weightIssues(weights: BenchmarkWeights | undefined, path: string): ConfigIssue[] {
  if (typeof weights !== 'object' || weights === null) {
    return [{ path, message: 'expected { quality, speed, cost } weights' }];
  }
  const issues: ConfigIssue[] = [];
  for (const key of ['quality', 'speed', 'cost'] as const) {
    const w = weights[key];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1) {
      issues.push({ path: `${path}.${key}`, message: 'expected a number from 0 to 1' });
    }
  }
  if (issues.length > 0) return issues;
  const sum = weights.quality + weights.speed + weights.cost;
  if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    issues.push({
      path,
      message: `the weights sum to ${Number(sum.toFixed(6))}, not 1 (quality ${weights.quality} + speed ${weights.speed} + cost ${weights.cost})`,
    });
  }
  return issues;
}

/** The messages a test sends. */
export function testMessages(test: BenchmarkTest): readonly Message[] {
  return test.messages ?? [{ role: 'user', content: test.prompt ?? '' }];
}
