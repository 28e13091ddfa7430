import { parseModelRef } from '../config/model-ref.js';
import { AbortError } from '../errors/abort-error.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { TimeoutError } from '../errors/provider-errors.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Outcome } from '../learned/outcome.js';
import { contentText } from '../provider/content-parts.js';
import type { Message } from '../provider/messages.js';
import type { Provider, ProviderResponse } from '../provider/provider.js';
import { normalizeError } from '../router/normalize-error.js';
import { type Clock, systemClock } from '../time/clock.js';
import { createPriceTable, type PriceTable } from '../usage/price-table.js';
import { scoreCategory } from './aggregate-scores.js';
import { BenchmarkError } from './benchmark-error.js';
import type { BenchmarkRunLimits } from './benchmark-limits.js';
import type { BenchmarkRun, BenchmarkTestResult, ScorerResult } from './benchmark-results.js';
import {
  type BenchmarkSuite,
  type BenchmarkTest,
  suiteIssues,
  testMessages,
} from './benchmark-suite.js';
import type { ScorerVerdict } from './scorer.js';

/** Options of {@link runBenchmarkSuite}. */
export interface RunBenchmarkSuiteOptions extends BenchmarkRunLimits {
  readonly suite: BenchmarkSuite;
  /** The providers the models belong to. */
  readonly providers: readonly Provider[];
  /** The models to benchmark, as `provider:model`. */
  readonly models: readonly string[];
  /** Only these categories of the suite. Defaults to all. */
  readonly categories?: readonly string[] | undefined;
  /** Prices for cost and the estimate. Defaults to the built-in price table. */
  readonly prices?: PriceTable | undefined;
  /** Source of time for latency and timeouts. Defaults to the system clock. */
  readonly clock?: Clock | undefined;
  /** Stops the run: calls in flight are aborted, tests not started are recorded as `aborted`. */
  readonly signal?: AbortSignal | undefined;
  /** Called with every test result as it finishes. Defaults to none. */
  readonly onResult?: ((result: BenchmarkTestResult) => void) | undefined;
}

/** What a run of a suite will call, and its estimated cost. */
export interface BenchmarkEstimate {
  /** Model calls (tests × models), and judge calls on top. */
  readonly calls: number;
  readonly judgeCalls: number;
  /** An upper bound in US dollars: every answer is assumed to use its whole `maxTokens`. */
  readonly estimateUsd: number;
  /** Models without a price: not in the estimate. */
  readonly unpricedModels: readonly string[];
}

interface Job {
  readonly category: string;
  readonly test: BenchmarkTest;
  readonly messages: readonly Message[];
  readonly ref: string;
  readonly provider: Provider;
  readonly providerId: string;
  readonly model: string;
}

const ANSWER_LIMIT = 2_000;
let runCounter = 0;

/** Estimates what running `suite` on `models` would call and cost, without calling anything. */
export function estimateBenchmarkRun(
  options: Pick<
    RunBenchmarkSuiteOptions,
    'suite' | 'models' | 'categories' | 'prices' | 'maxTokens'
  >,
): BenchmarkEstimate {
  const prices = options.prices ?? createPriceTable();
  const maxTokens = options.maxTokens ?? 256;
  let calls = 0;
  let judgeCalls = 0;
  let estimateUsd = 0;
  const unpriced = new Set<string>();
  for (const [, category] of selectedCategories(options.suite, options.categories)) {
    for (const test of category.tests) {
      const inputTokens = estimateTokens(testMessages(test));
      const outputTokens = test.maxTokens ?? maxTokens;
      for (const ref of options.models) {
        calls++;
        const parsed = parseModelRef(ref);
        const cost =
          parsed === undefined
            ? undefined
            : prices.cost(parsed.providerId, parsed.model, {
                inputTokens,
                outputTokens,
                totalTokens: inputTokens + outputTokens,
              });
        if (cost === undefined) unpriced.add(ref);
        else estimateUsd += cost;
        for (const scorer of test.scorers) {
          if (scorer.costsCalls !== true) continue;
          judgeCalls++;
          estimateUsd += scorer.estimateUsd?.() ?? 0;
        }
      }
    }
  }
  return { calls, judgeCalls, estimateUsd, unpricedModels: [...unpriced] };
}

/**
 * Runs a benchmark suite: every test on every model, each called through its provider directly
 * (no router, no cache, no fallback), at most `concurrency` calls at a time, each within
 * `testTimeoutMs`, the whole run within `spendCapUsd`. Failed tests score 0 with their error
 * kind; the run always completes unless it is refused up front.
 *
 * Hosts usually call `router.runBenchmarks()` instead, which also stores the scores for routing.
 *
 * @throws ConfigError when the suite is invalid, or a model is not `provider:model` of a given provider.
 * @throws BenchmarkError `over_spend_cap` when the estimate exceeds the cap, `no_models`, `unknown_category`.
 */
export async function runBenchmarkSuite(options: RunBenchmarkSuiteOptions): Promise<BenchmarkRun> {
  const clock = options.clock ?? systemClock;
  const prices = options.prices ?? createPriceTable();
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.testTimeoutMs ?? 30_000;
  const spendCapUsd = options.spendCapUsd ?? 1;
  const maxTokens = options.maxTokens ?? 256;
  const issues: ConfigIssue[] = suiteIssues(options.suite, 'suite');
  checkLimit(issues, 'concurrency', concurrency, 1);
  checkLimit(issues, 'testTimeoutMs', timeoutMs, 1);
  checkLimit(issues, 'maxTokens', maxTokens, 1);
  if (!(spendCapUsd >= 0) || !Number.isFinite(spendCapUsd)) {
    issues.push({ path: 'spendCapUsd', message: 'expected a finite number ≥ 0' });
  }
  const providers = new Map(options.providers.map((p) => [p.id, p]));
  const targets: Omit<Job, 'category' | 'test' | 'messages'>[] = [];
  options.models.forEach((ref, i) => {
    const parsed = parseModelRef(ref);
    const provider = parsed === undefined ? undefined : providers.get(parsed.providerId);
    if (parsed === undefined || provider === undefined) {
      issues.push({
        path: `models[${i}]`,
        message: `"${ref}" is not "provider:model" of a configured provider (${[...providers.keys()].join(', ')})`,
      });
      return;
    }
    if (!targets.some((t) => t.ref === ref)) {
      targets.push({ ref, provider, providerId: parsed.providerId, model: parsed.model });
    }
  });
  if (issues.length > 0) throw new ConfigError('benchmark run', issues);
  if (targets.length === 0)
    throw new BenchmarkError('There is no model to benchmark.', 'no_models');
  const categories = selectedCategories(options.suite, options.categories);
  if (options.signal?.aborted === true) {
    throw new BenchmarkError('The benchmark run was aborted before it started.', 'closed');
  }

  const estimate = estimateBenchmarkRun({
    suite: options.suite,
    models: targets.map((t) => t.ref),
    categories: options.categories,
    prices,
    maxTokens,
  });
  if (estimate.estimateUsd > spendCapUsd) {
    throw new BenchmarkError(
      `The run's estimate, $${estimate.estimateUsd.toFixed(4)} for ${estimate.calls} calls${estimate.judgeCalls > 0 ? ` and ${estimate.judgeCalls} judge calls` : ''}, exceeds its spend cap of $${spendCapUsd}: raise spendCapUsd, or run fewer categories or models.`,
      'over_spend_cap',
      { estimateUsd: estimate.estimateUsd, spendCapUsd },
    );
  }

  const jobs: Job[] = [];
  for (const [category, definition] of categories) {
    for (const test of definition.tests) {
      const messages = testMessages(test);
      for (const target of targets) jobs.push({ category, test, messages, ...target });
    }
  }

  const startedAt = clock.now();
  const id = `bench-${startedAt.toString(36)}-${++runCounter}`;
  const results: (BenchmarkTestResult | undefined)[] = new Array(jobs.length);
  let spentUsd = 0;
  let stopped: BenchmarkRun['stopped'];
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index] as Job;
      // A run stopped while its last calls were in flight.
      if (isAborted(options.signal)) stopped = 'aborted';
      else if (stopped === undefined && spentUsd > 0 && spentUsd >= spendCapUsd)
        stopped = 'spend-cap';
      if (stopped !== undefined) {
        results[index] = notRun(job, stopped, clock.now(), spendCapUsd);
        continue;
      }
      const result = await runOne(job, {
        clock,
        prices,
        timeoutMs,
        maxTokens,
        signal: options.signal,
      });
      if (result.costUsd !== undefined) spentUsd += result.costUsd;
      results[index] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  // A run stopped while its last calls were in flight.
  if (isAborted(options.signal)) stopped = 'aborted';

  const finishedAt = clock.now();
  const all = results as BenchmarkTestResult[];
  const scores = categories.flatMap(([category, definition]) =>
    scoreCategory(category, definition.weights, all, {
      id,
      suiteVersion: options.suite.version,
      at: finishedAt,
    }),
  );
  const outcomes: Outcome[] = [];
  all.forEach((r, i) => {
    if (!r.ran) return;
    outcomes.push({
      prompt: lastUserText((jobs[i] as Job).messages),
      model: r.model,
      score: r.quality / 100,
      costUsd: r.costUsd,
      latencyMs: r.latencyMs,
      time: r.at,
      category: r.category,
      source: 'benchmark',
    });
  });
  return {
    id,
    suiteVersion: options.suite.version,
    startedAt,
    finishedAt,
    models: targets.map((t) => t.ref),
    categories: categories.map(([name]) => name),
    estimateUsd: estimate.estimateUsd,
    spentUsd,
    spendCapUsd,
    unpricedModels: estimate.unpricedModels,
    stopped,
    results: all,
    scores,
    outcomes,
  };
}

async function runOne(
  job: Job,
  run: {
    readonly clock: Clock;
    readonly prices: PriceTable;
    readonly timeoutMs: number;
    readonly maxTokens: number;
    readonly signal: AbortSignal | undefined;
  },
): Promise<BenchmarkTestResult> {
  const { clock } = run;
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(new AbortError('The benchmark run was stopped.'));
  run.signal?.addEventListener('abort', onRunAbort, { once: true });
  const started = clock.now();
  let timer: unknown;
  let response: ProviderResponse;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = clock.setTimeout(() => {
        const error = new TimeoutError(
          `${job.ref} did not answer test ${job.category}/${job.test.id} within ${run.timeoutMs} ms.`,
          {
            scope: 'attempt',
            timeoutMs: run.timeoutMs,
            provider: job.providerId,
            model: job.model,
          },
        );
        controller.abort(error);
        reject(error);
      }, run.timeoutMs);
    });
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
        once: true,
      });
    });
    response = await Promise.race([
      job.provider.chat(
        {
          model: job.model,
          messages: job.messages,
          maxTokens: job.test.maxTokens ?? run.maxTokens,
          temperature: 0,
        },
        { signal: controller.signal },
      ),
      timeout,
      aborted,
    ]);
  } catch (thrown) {
    const error = SwitchyardError.isInstance(thrown) ? thrown : normalizeError(thrown, undefined);
    return {
      category: job.category,
      testId: job.test.id,
      model: job.ref,
      quality: 0,
      latencyMs: clock.now() - started,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: run.prices.price(job.providerId, job.model) === undefined ? undefined : 0,
      ran: error.kind !== 'abort' || run.signal?.aborted !== true,
      failure: { kind: error.kind, message: error.message },
      scores: [],
      at: clock.now(),
    };
  } finally {
    clock.clearTimeout(timer);
    run.signal?.removeEventListener('abort', onRunAbort);
  }
  const latencyMs = clock.now() - started;
  let costUsd = run.prices.cost(job.providerId, job.model, response.usage);
  const answer = response.text;
  const scores: ScorerResult[] = [];
  let failure: BenchmarkTestResult['failure'];
  for (const scorer of job.test.scorers) {
    try {
      const raw = await scorer.score(answer, {
        category: job.category,
        testId: job.test.id,
        messages: job.messages,
        model: job.ref,
        signal: controller.signal,
      });
      const verdict: ScorerVerdict = typeof raw === 'number' ? { quality: raw } : raw;
      if (verdict.costUsd !== undefined && costUsd !== undefined) costUsd += verdict.costUsd;
      const quality = verdict?.quality;
      if (typeof quality !== 'number' || !(quality >= 0 && quality <= 100)) {
        throw new Error(`returned ${String(quality)}, not a quality from 0 to 100`);
      }
      scores.push({ scorer: scorer.name, quality, note: verdict.note });
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      failure = {
        kind: 'scorer',
        message: redactSecrets(`scorer "${scorer.name}" failed: ${reason}`),
      };
      scores.push({ scorer: scorer.name, quality: 0, note: failure.message });
      break;
    }
  }
  const quality =
    failure !== undefined ? 0 : scores.reduce((sum, s) => sum + s.quality, 0) / scores.length;
  return {
    category: job.category,
    testId: job.test.id,
    model: job.ref,
    quality,
    latencyMs,
    inputTokens: response.usage.inputTokens,
    outputTokens: response.usage.outputTokens,
    costUsd,
    ran: true,
    failure,
    scores,
    answer: answer.length > ANSWER_LIMIT ? answer.slice(0, ANSWER_LIMIT) : answer,
    at: clock.now(),
  };
}

function notRun(
  job: Job,
  why: 'spend-cap' | 'aborted',
  at: number,
  spendCapUsd: number,
): BenchmarkTestResult {
  return {
    category: job.category,
    testId: job.test.id,
    model: job.ref,
    quality: 0,
    latencyMs: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: undefined,
    ran: false,
    failure: {
      kind: why,
      message:
        why === 'spend-cap'
          ? `not run: the run's spend reached its cap of $${spendCapUsd}`
          : 'not run: the run was stopped',
    },
    scores: [],
    at,
  };
}

function selectedCategories(
  suite: BenchmarkSuite,
  names: readonly string[] | undefined,
): [string, BenchmarkSuite['categories'][string]][] {
  if (names === undefined) return Object.entries(suite.categories);
  return names.map((name) => {
    const category = suite.categories[name];
    if (category === undefined) {
      throw new BenchmarkError(
        `The suite (version ${suite.version}) has no category "${name}"; it has ${Object.keys(suite.categories).join(', ')}.`,
        'unknown_category',
      );
    }
    return [name, category];
  });
}

function checkLimit(issues: ConfigIssue[], path: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    issues.push({ path, message: `expected a whole number ≥ ${min}, got ${value}` });
  }
}

// Four characters a token plus a few tokens of framing per message: an estimate, not a count
// (a tokenizer costs ~18 µs per KB and differs per vendor).
function estimateTokens(messages: readonly Message[]): number {
  let chars = 0;
  for (const m of messages) chars += (typeof m.content === 'string' ? m.content.length : 0) + 16;
  return Math.ceil(chars / 4);
}

function lastUserText(messages: readonly Message[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'user') return contentText(m.content);
  }
  return undefined;
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
