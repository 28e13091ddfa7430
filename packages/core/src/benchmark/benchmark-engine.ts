import { AbortError } from '../errors/abort-error.js';
import { ConfigError } from '../errors/config-error.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import type { RouterEvent } from '../events/router-events.js';
import type { FreshCategoryEntry, FreshScoreReader } from '../policy/fresh-category-scores.js';
import type { Provider } from '../provider/provider.js';
import type { Clock, TimerHandle } from '../time/clock.js';
import type { PriceTable } from '../usage/price-table.js';
import { BenchmarkError } from './benchmark-error.js';
import type {
  BenchmarkOptions,
  BenchmarkReport,
  BenchmarkScoreView,
  ModelBenchmarkHealth,
  RunBenchmarksOptions,
  ScheduleBenchmarksOptions,
} from './benchmark-options.js';
import type { BenchmarkRun, ModelCategoryScore } from './benchmark-results.js';
import type { BenchmarkSuite } from './benchmark-suite.js';
import { runBenchmarkSuite } from './run-benchmark-suite.js';
import { createMemoryScoreStore, type ScoreStore } from './score-store.js';
import { STARTER_SUITE } from './starter-suite.js';

const DAY_MS = 86_400_000;

/** What the engine needs from its router. */
export interface BenchmarkEngineParts {
  readonly options: BenchmarkOptions;
  readonly providers: readonly Provider[];
  /** The models benchmarked when the options name none. */
  readonly defaultModels: readonly string[];
  readonly prices: PriceTable;
  readonly clock: Clock;
  /** Queues a router event (`benchmark`, `warning`). */
  readonly emit: (event: RouterEvent) => void;
}

/**
 * @internal The router's benchmark engine: runs the suite on demand or on a schedule (one run at
 * a time, off the request path), stores the scores, and keeps the latest ones in memory for the
 * category policy, which reads them synchronously.
 */
export class BenchmarkEngine implements FreshScoreReader {
  readonly suite: BenchmarkSuite;
  readonly maxAgeMs: number;
  private readonly store: ScoreStore;
  private readonly ownsStore: boolean;
  private latestScores: readonly ModelCategoryScore[] = [];
  private byCategory = new Map<string, FreshCategoryEntry>();
  private running: Promise<BenchmarkRun> | undefined;
  private runController: AbortController | undefined;
  private lastRun: BenchmarkRun | undefined;
  private timer: TimerHandle | undefined;
  private scheduleId = 0;
  private closed = false;

  constructor(private readonly parts: BenchmarkEngineParts) {
    this.suite = parts.options.suite ?? STARTER_SUITE;
    this.maxAgeMs = parts.options.maxAgeMs ?? DAY_MS;
    this.ownsStore = parts.options.store === undefined;
    this.store = parts.options.store ?? createMemoryScoreStore();
  }

  /** The in-memory scores of a category for the category policy. No I/O. */
  category(category: string): FreshCategoryEntry | undefined {
    return this.byCategory.get(category);
  }

  /**
   * Runs the suite once and stores its scores. One run at a time: a second call while a run is
   * going rejects with `BenchmarkError` (`run_in_progress`).
   */
  async run(options: RunBenchmarksOptions = {}, scheduled = false): Promise<BenchmarkRun> {
    if (this.closed) throw new BenchmarkError('The router is closed.', 'closed');
    if (this.running !== undefined) {
      throw new BenchmarkError(
        'A benchmark run is already going on; wait for it (one run at a time).',
        'run_in_progress',
      );
    }
    const controller = new AbortController();
    const outer = options.signal;
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted === true) controller.abort(outer.reason);
    else outer?.addEventListener('abort', onAbort, { once: true });
    this.runController = controller;
    const running = this.execute(options, controller.signal, scheduled);
    this.running = running;
    try {
      return await running;
    } finally {
      this.running = undefined;
      this.runController = undefined;
      outer?.removeEventListener('abort', onAbort);
    }
  }

  private async execute(
    options: RunBenchmarksOptions,
    signal: AbortSignal,
    scheduled: boolean,
  ): Promise<BenchmarkRun> {
    const { parts } = this;
    const engine = parts.options;
    const now = parts.clock.now();
    this.emit({ type: 'benchmark', phase: 'start', scheduled, runId: undefined, at: now });
    let run: BenchmarkRun;
    try {
      run = await runBenchmarkSuite({
        suite: this.suite,
        providers: parts.providers,
        models: options.models ?? engine.models ?? parts.defaultModels,
        categories: options.categories,
        concurrency: options.concurrency ?? engine.concurrency,
        testTimeoutMs: options.testTimeoutMs ?? engine.testTimeoutMs,
        spendCapUsd: options.spendCapUsd ?? engine.spendCapUsd,
        maxTokens: options.maxTokens ?? engine.maxTokens,
        prices: parts.prices,
        clock: parts.clock,
        signal,
      });
    } catch (error) {
      this.emit({
        type: 'benchmark',
        phase: 'error',
        scheduled,
        runId: undefined,
        message: error instanceof Error ? error.message : String(error),
        at: parts.clock.now(),
      });
      throw error;
    }
    if (run.stopped === 'aborted') {
      this.emit({
        type: 'benchmark',
        phase: 'error',
        scheduled,
        runId: run.id,
        spentUsd: run.spentUsd,
        message: 'The run was stopped before it finished; its scores were not stored.',
        at: parts.clock.now(),
      });
      return run;
    }
    try {
      await this.store.save(run.scores);
    } catch (error) {
      this.warn(
        'benchmark-store',
        `The score store failed to save run ${run.id}; this router routes by its scores anyway: ${String(error)}`,
      );
    }
    this.merge(run.scores);
    this.lastRun = run;
    if (engine.onOutcome !== undefined) {
      for (const outcome of run.outcomes) {
        try {
          engine.onOutcome(outcome);
        } catch (error) {
          this.warn('benchmark-outcome', `onOutcome threw: ${String(error)}`);
        }
      }
    }
    this.emit({
      type: 'benchmark',
      phase: 'finish',
      scheduled,
      runId: run.id,
      spentUsd: run.spentUsd,
      message: run.stopped === 'spend-cap' ? 'stopped at the spend cap' : undefined,
      at: parts.clock.now(),
    });
    return run;
  }

  /**
   * Runs the suite every `options.every` ms in the background, replacing any earlier schedule.
   * Runs start from timers, never from a request; a tick that finds a run going skips (an event
   * says so); failures become `benchmark` events with `phase: 'error'`. Returns a function that
   * stops the schedule (the router's `close()` does too).
   */
  schedule(options: ScheduleBenchmarksOptions): () => void {
    if (this.closed) throw new BenchmarkError('The router is closed.', 'closed');
    const every = options?.every;
    if (typeof every !== 'number' || !Number.isInteger(every) || every < 1) {
      throw new ConfigError('benchmark schedule', [
        {
          path: 'every',
          message: `expected a whole number of milliseconds ≥ 1, got ${String(every)}`,
        },
      ]);
    }
    this.stopSchedule();
    const id = ++this.scheduleId;
    const { every: _every, ...runOptions } = options;
    const { clock } = this.parts;
    const arm = (delay: number) => {
      if (this.closed || id !== this.scheduleId) return;
      const handle = clock.setTimeout(() => void tick(), delay);
      (handle as { unref?: () => void } | undefined)?.unref?.();
      this.timer = handle;
    };
    const tick = async () => {
      try {
        // Another instance (sharing the store) may have run recently: wait for its scores to
        // come of age instead of running again.
        await this.refresh();
        const newest = this.newestAt();
        if (newest !== undefined && newest + every > clock.now()) {
          arm(newest + every - clock.now());
          return;
        }
        if (this.running !== undefined) {
          this.skipped('the previous run is still going');
        } else {
          await this.runLocked(runOptions, every);
        }
      } catch {
        // Reported as a `benchmark` event by run(); never thrown into requests or the timer.
      }
      arm(every);
    };
    arm(0);
    return () => {
      if (id === this.scheduleId) this.stopSchedule();
    };
  }

  // With a lock, one instance at a time runs: the others skip this turn. The lock holder checks
  // the store again first, as another instance may have finished a run just before.
  private async runLocked(options: RunBenchmarksOptions, every: number): Promise<void> {
    const { lock } = this.parts.options;
    if (lock === undefined) {
      await this.run(options, true);
      return;
    }
    const lease = await lock.acquire('benchmark', every).catch(() => undefined);
    if (lease === undefined) {
      this.skipped('another instance holds the benchmark lock');
      return;
    }
    try {
      await this.refresh();
      const newest = this.newestAt();
      if (newest === undefined || newest + every <= this.parts.clock.now()) {
        await this.run(options, true);
      }
    } finally {
      await Promise.resolve()
        .then(() => lease.release())
        .catch(() => {});
    }
  }

  private skipped(message: string): void {
    this.emit({
      type: 'benchmark',
      phase: 'skipped',
      scheduled: true,
      runId: undefined,
      message,
      at: this.parts.clock.now(),
    });
  }

  /** Reloads the latest scores from the store (another instance's runs), keeping ours on failure. */
  async refresh(): Promise<void> {
    try {
      this.setScores(await this.store.latest());
    } catch (error) {
      this.warn('benchmark-store', `The score store failed to load scores: ${String(error)}`);
    }
  }

  /** `router.benchmarks()`: the store's latest scores with their age. */
  async report(): Promise<BenchmarkReport> {
    await this.refresh();
    const now = this.parts.clock.now();
    const scores = [...this.latestScores]
      .sort((a, b) => a.category.localeCompare(b.category) || b.score - a.score)
      .map(
        (s): BenchmarkScoreView => ({
          ...s,
          ageMs: now - s.at,
          fresh: now - s.at <= this.maxAgeMs && s.suiteVersion === this.suite.version,
        }),
      );
    return {
      scores,
      suiteVersion: this.suite.version,
      maxAgeMs: this.maxAgeMs,
      lastRun: this.lastRun,
      running: this.running !== undefined,
      scheduled: this.timer !== undefined,
    };
  }

  /** Per model, its latest scores and their age, from memory (for `router.health()`). */
  health(now: number): ModelBenchmarkHealth[] {
    const byModel = new Map<string, { scores: Record<string, number>; at: number }>();
    for (const s of this.latestScores) {
      let entry = byModel.get(s.model);
      if (entry === undefined) {
        entry = { scores: {}, at: s.at };
        byModel.set(s.model, entry);
      }
      entry.scores[s.category] = s.score;
      entry.at = Math.min(entry.at, s.at);
    }
    return [...byModel].map(([model, { scores, at }]) => ({
      model,
      scores,
      at,
      ageMs: now - at,
      fresh: now - at <= this.maxAgeMs,
    }));
  }

  /** Stops the schedule, aborts a run in flight and closes a store the engine created. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopSchedule();
    this.runController?.abort(new AbortError('The router was closed.'));
    if (this.ownsStore) await this.store.close?.();
  }

  private stopSchedule(): void {
    if (this.timer !== undefined) this.parts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduleId++;
  }

  private merge(scores: readonly ModelCategoryScore[]): void {
    const key = (s: ModelCategoryScore) => `${s.category}\u0000${s.model}`;
    const merged = new Map(this.latestScores.map((s) => [key(s), s]));
    for (const s of scores) {
      const old = merged.get(key(s));
      if (old === undefined || old.at <= s.at) merged.set(key(s), s);
    }
    this.setScores([...merged.values()]);
  }

  // Rebuilds the policy's view: per category, the current suite's scores that are no older than
  // `maxAgeMs` before the category's newest one (a model dropped from the runs long ago does not
  // keep the category stale); `at` is the oldest kept, so the policy's age check is conservative.
  private setScores(scores: readonly ModelCategoryScore[]): void {
    this.latestScores = scores;
    const groups = new Map<string, ModelCategoryScore[]>();
    for (const s of scores) {
      if (s.suiteVersion !== this.suite.version) continue;
      let list = groups.get(s.category);
      if (list === undefined) {
        list = [];
        groups.set(s.category, list);
      }
      list.push(s);
    }
    const byCategory = new Map<string, FreshCategoryEntry>();
    for (const [category, list] of groups) {
      const newest = Math.max(...list.map((s) => s.at));
      const kept = list.filter((s) => s.at >= newest - this.maxAgeMs);
      const table: Record<string, number> = {};
      for (const s of kept) table[s.model] = s.score;
      const runs = [...new Set(kept.map((s) => s.runId))];
      byCategory.set(category, {
        scores: Object.freeze(table),
        at: Math.min(...kept.map((s) => s.at)),
        runs: runs.length === 1 ? `run ${runs[0]}` : `runs ${runs.join(', ')}`,
      });
    }
    this.byCategory = byCategory;
  }

  private newestAt(): number | undefined {
    let newest: number | undefined;
    for (const s of this.latestScores) {
      if (s.suiteVersion === this.suite.version && (newest === undefined || s.at > newest))
        newest = s.at;
    }
    return newest;
  }

  private emit(event: RouterEvent): void {
    if (event.type === 'benchmark' && event.message !== undefined) {
      this.parts.emit({ ...event, message: redactSecrets(event.message) });
    } else this.parts.emit(event);
  }

  private warn(code: string, message: string): void {
    this.parts.emit({ type: 'warning', code, message: redactSecrets(message) });
  }
}
