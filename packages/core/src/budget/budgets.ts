import { isPromise } from '../classify/classifier-runner.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Clock } from '../time/clock.js';
import { createMemorySpendCounters, type SpendCounterStore } from './spend-counters.js';

/** One spend limit. */
export interface BudgetRule {
  /** Shown in events and errors. Defaults to a name made of the scope and period. */
  readonly name?: string | undefined;
  /**
   * What the budget covers: all traffic, one tenant (`{ tenant: 'acme' }`), every tenant on its
   * own (`{ tenant: '*' }`), or the requests routed to one alias (`{ alias: 'strong' }`).
   */
  readonly scope: 'global' | { readonly tenant: string } | { readonly alias: string };
  /** The period spend is counted over, in UTC. */
  readonly period: 'day' | 'month';
  readonly limitUsd: number;
  /**
   * What happens once spend reaches `actAt` of the limit: `{ reroute: 'fast' }` sends the
   * request to a cheaper alias, `'refuse'` throws `BudgetExceededError` before any call.
   */
  readonly action: 'refuse' | { readonly reroute: string };
  /** Fraction of the limit at which the action applies. Defaults to 1. */
  readonly actAt?: number | undefined;
  /** Fraction of the limit at which a `budget` warning event is emitted, once per period. Defaults to 0.8. */
  readonly warnAt?: number | undefined;
}

/** The router's budget settings. */
export interface BudgetOptions {
  readonly rules: readonly BudgetRule[];
  /** Where spend is counted. Defaults to in-process counters. */
  readonly counters?: SpendCounterStore | undefined;
}

/** A budget whose action applies to a request. */
export interface BudgetVerdict {
  readonly budget: string;
  readonly action: 'refuse' | { readonly reroute: string };
  readonly spentUsd: number;
  readonly limitUsd: number;
  readonly period: string;
}

/** A budget crossing its warning line. */
export interface BudgetWarning {
  readonly budget: string;
  readonly spentUsd: number;
  readonly limitUsd: number;
  readonly period: string;
}

interface Rule {
  readonly name: string;
  readonly rule: BudgetRule;
}

/** Checks and counts spend against the configured budgets. */
export class Budgets {
  private readonly rules: readonly Rule[];
  private readonly counters: SpendCounterStore;

  constructor(
    options: BudgetOptions,
    private readonly clock: Clock,
    private readonly onCounterError: (error: unknown) => void,
  ) {
    this.rules = options.rules.map((rule) => ({ rule, name: rule.name ?? defaultName(rule) }));
    this.counters = options.counters ?? createMemorySpendCounters({ clock });
  }

  /**
   * The first budget whose action applies to a request routed to `alias`, or `undefined`. A
   * failing counter store is reported and treated as no spend: budgets never take the router down.
   */
  async check(
    request: ChatRequest,
    alias: string | undefined,
    bound?: (read: Promise<number>) => Promise<number>,
  ): Promise<BudgetVerdict | undefined> {
    const now = this.clock.now();
    for (const { rule, name } of this.rules) {
      const key = this.keyFor(rule, name, request, alias, now);
      if (key === undefined) continue;
      const spent = await this.read(key, bound);
      if (spent >= rule.limitUsd * (rule.actAt ?? 1)) {
        return {
          budget: name,
          action: rule.action,
          spentUsd: spent,
          limitUsd: rule.limitUsd,
          period: periodId(rule.period, now),
        };
      }
    }
    return undefined;
  }

  /** Counts a request's cost toward every budget it falls under; returns the warnings it crossed. */
  async record(
    request: ChatRequest,
    alias: string | undefined,
    costUsd: number,
  ): Promise<BudgetWarning[]> {
    if (costUsd <= 0) return [];
    const now = this.clock.now();
    const warnings: BudgetWarning[] = [];
    for (const { rule, name } of this.rules) {
      const key = this.keyFor(rule, name, request, alias, now);
      if (key === undefined) continue;
      let total: number;
      try {
        const added = this.counters.add(
          key,
          costUsd,
          periodEnd(rule.period, now) - now + 3_600_000,
        );
        total = isPromise(added) ? await added : added;
      } catch (error) {
        this.onCounterError(error);
        continue;
      }
      const line = rule.limitUsd * (rule.warnAt ?? 0.8);
      if (total - costUsd < line && total >= line) {
        warnings.push({
          budget: name,
          spentUsd: total,
          limitUsd: rule.limitUsd,
          period: periodId(rule.period, now),
        });
      }
    }
    return warnings;
  }

  /** Spend so far in the current period, per budget (for the stats). */
  async spend(
    request: Partial<Pick<ChatRequest, 'tenant'>> = {},
    alias?: string,
  ): Promise<Record<string, number>> {
    const now = this.clock.now();
    const out: Record<string, number> = {};
    for (const { rule, name } of this.rules) {
      const key = this.keyFor(rule, name, request as ChatRequest, alias, now);
      if (key !== undefined) out[name] = await this.read(key);
    }
    return out;
  }

  /** A counter's value; `bound` limits the wait for a counter store that answers with a promise. */
  private async read(
    key: string,
    bound?: (read: Promise<number>) => Promise<number>,
  ): Promise<number> {
    try {
      const value = this.counters.get(key);
      if (!isPromise(value)) return value;
      if (bound === undefined) return await value;
      return await bound(
        value.then(undefined, (error: unknown) => {
          this.onCounterError(error);
          return 0;
        }),
      );
    } catch (error) {
      this.onCounterError(error);
      return 0;
    }
  }

  private keyFor(
    rule: BudgetRule,
    name: string,
    request: ChatRequest,
    alias: string | undefined,
    now: number,
  ): string | undefined {
    const period = periodId(rule.period, now);
    const scope = rule.scope;
    if (scope === 'global') return `${name}|${period}`;
    if ('tenant' in scope) {
      if (request.tenant === undefined) return undefined;
      if (scope.tenant !== '*' && scope.tenant !== request.tenant) return undefined;
      return `${name}|${request.tenant}|${period}`;
    }
    return alias === scope.alias ? `${name}|${period}` : undefined;
  }
}

function defaultName(rule: BudgetRule): string {
  const scope = rule.scope;
  const what =
    scope === 'global'
      ? 'global'
      : 'tenant' in scope
        ? `tenant:${scope.tenant}`
        : `alias:${scope.alias}`;
  return `${what}/${rule.period}`;
}

/** `2026-11-21` for a day, `2026-11` for a month (UTC). */
export function periodId(period: 'day' | 'month', now: number): string {
  const iso = new Date(now).toISOString();
  return period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** When the current period ends (ms since the epoch, UTC). */
export function periodEnd(period: 'day' | 'month', now: number): number {
  const d = new Date(now);
  return period === 'day'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
