import type { BudgetEvent, BudgetRule, ResponseEvent } from '@switchyard/core';

/** Spend against one budget in its current period. */
export interface BudgetSpend {
  /** The budget's name, as the router names it in events and errors. */
  readonly name: string;
  /** For a per-tenant rule (`{ tenant: '*' }`), the tenant this row counts. */
  readonly tenant: string | undefined;
  readonly period: 'day' | 'month';
  /** `2026-11-30` for a day, `2026-11` for a month (UTC). */
  readonly periodId: string;
  readonly spentUsd: number;
  readonly limitUsd: number;
  /** `spentUsd / limitUsd`. */
  readonly fraction: number;
  readonly action: 'refuse' | 'reroute';
  /** The last action the router reported for it in this period (`warn`, `reroute`, `refuse`). */
  readonly lastEvent: BudgetEvent['action'] | undefined;
}

/** The name the router gives a rule without one (kept in step with core's budgets). */
export function budgetName(rule: BudgetRule): string {
  if (rule.name !== undefined) return rule.name;
  const scope = rule.scope;
  const what =
    scope === 'global'
      ? 'global'
      : 'tenant' in scope
        ? `tenant:${scope.tenant}`
        : `alias:${scope.alias}`;
  return `${what}/${rule.period}`;
}

function periodOf(period: 'day' | 'month', now: number): string {
  const iso = new Date(now).toISOString();
  return period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

const MAX_ROWS_PER_BUDGET = 200;

interface Row {
  periodId: string;
  spentUsd: number;
  lastEvent: BudgetEvent['action'] | undefined;
}

/**
 * Follows spend per budget from `response` events (their cost) and `budget` events (the router's
 * own count, which wins when higher: it includes spend from before the dashboard started and,
 * with shared counters, from other instances).
 */
export class BudgetTracker {
  private readonly rules: readonly { rule: BudgetRule; name: string }[];
  // name → tenant ('' when the rule is not per tenant) → row
  private readonly rows = new Map<string, Map<string, Row>>();

  constructor(
    rules: readonly BudgetRule[],
    private readonly now: () => number,
  ) {
    this.rules = rules.map((rule) => ({ rule, name: budgetName(rule) }));
  }

  onResponse(event: ResponseEvent): void {
    if (event.costUsd === undefined || event.costUsd === 0) return;
    const now = this.now();
    for (const { rule, name } of this.rules) {
      const tenant = this.tenantKey(rule, event);
      if (tenant === undefined) continue;
      this.row(name, tenant, rule.period, now).spentUsd += event.costUsd;
    }
  }

  onBudget(event: BudgetEvent): void {
    const match = this.rules.find((r) => r.name === event.budget);
    if (match === undefined) return;
    const row = this.row(event.budget, '', match.rule.period, this.now());
    // A per-tenant event does not say which tenant it counted; keep it on the rule's own row.
    if (event.period === row.periodId) {
      row.spentUsd = Math.max(row.spentUsd, event.spentUsd);
      row.lastEvent = event.action;
    }
  }

  snapshot(): BudgetSpend[] {
    const now = this.now();
    const out: BudgetSpend[] = [];
    for (const { rule, name } of this.rules) {
      const periodId = periodOf(rule.period, now);
      const perTenant = typeof rule.scope === 'object' && 'tenant' in rule.scope;
      const rows = this.rows.get(name);
      const entries = [...(rows ?? new Map<string, Row>())].filter(
        ([tenant, row]) => row.periodId === periodId && (!perTenant || tenant !== ''),
      );
      if (entries.length === 0) entries.push(['', { periodId, spentUsd: 0, lastEvent: undefined }]);
      for (const [tenant, row] of entries) {
        out.push({
          name,
          tenant: tenant === '' ? undefined : tenant,
          period: rule.period,
          periodId,
          spentUsd: row.spentUsd,
          limitUsd: rule.limitUsd,
          fraction: rule.limitUsd > 0 ? row.spentUsd / rule.limitUsd : 0,
          action: rule.action === 'refuse' ? 'refuse' : 'reroute',
          lastEvent: row.lastEvent,
        });
      }
    }
    return out;
  }

  /** The row a response counts toward under `rule`, or undefined when it is out of scope. */
  private tenantKey(rule: BudgetRule, event: ResponseEvent): string | undefined {
    const scope = rule.scope;
    if (scope === 'global') return '';
    if ('tenant' in scope) {
      if (event.tenant === undefined) return undefined;
      if (scope.tenant === '*') return event.tenant;
      return scope.tenant === event.tenant ? '' : undefined;
    }
    return event.tier === scope.alias ? '' : undefined;
  }

  private row(name: string, tenant: string, period: 'day' | 'month', now: number): Row {
    let byTenant = this.rows.get(name);
    if (byTenant === undefined) {
      byTenant = new Map();
      this.rows.set(name, byTenant);
    }
    const periodId = periodOf(period, now);
    let row = byTenant.get(tenant);
    if (row === undefined || row.periodId !== periodId) {
      row = { periodId, spentUsd: 0, lastEvent: undefined };
      // Tenants are unbounded; rows past the cap are counted nowhere rather than grow memory.
      if (byTenant.has(tenant) || byTenant.size < MAX_ROWS_PER_BUDGET) byTenant.set(tenant, row);
    }
    return row;
  }
}
