import type { Budgets } from '../budget/budgets.js';
import { isPromise } from '../classify/classifier-runner.js';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import type { RoutePlan } from '../policy/planner.js';
import type { RequestState } from './request-state.js';
import type { RouterContext } from './router-context.js';
import { waitForStore } from './store-wait.js';

/**
 * Chooses the candidates: the policy chain (classifying only if a link needs it), then the
 * budgets, which may refuse the request or reroute it to a cheaper alias. Announces the decision.
 * Synchronous when the planner is (no budgets, no store or classifier answering with a promise),
 * so the common path awaits nothing here.
 */
export function choose(ctx: RouterContext, state: RequestState): RoutePlan | Promise<RoutePlan> {
  const planned = ctx.planner.plan(state.request, state, state.streamed);
  if (ctx.budgets !== undefined) return chooseWithinBudget(ctx, ctx.budgets, state, planned);
  if (isPromise(planned)) return planned.then((plan) => decided(ctx, state, plan));
  return decided(ctx, state, planned);
}

async function chooseWithinBudget(
  ctx: RouterContext,
  budgets: Budgets,
  state: RequestState,
  planned: RoutePlan | Promise<RoutePlan>,
): Promise<RoutePlan> {
  const plan = isPromise(planned) ? await planned : planned;
  // The trace of a refused request shows the plan the budget refused.
  state.plan = plan;
  return decided(ctx, state, await enforceBudgets(ctx, budgets, state, plan));
}

/** Settles the plan and announces it (`decision` event). */
function decided(ctx: RouterContext, state: RequestState, plan: RoutePlan): RoutePlan {
  state.plan = plan;
  if (ctx.events.active) {
    const request = state.request;
    ctx.events.emit({
      type: 'decision',
      candidates: plan.refs,
      tier: plan.tier,
      intent: plan.intent,
      category: plan.category,
      complexity: plan.classification?.complexity,
      steps: state.steps,
      reason: plan.reason,
      tenant: request.tenant,
      sessionId: request.sessionId,
    });
  }
  return plan;
}

/** Applies the first budget whose action applies: refuse before any call, or reroute to a cheaper alias. */
async function enforceBudgets(
  ctx: RouterContext,
  budgets: Budgets,
  state: RequestState,
  plan: RoutePlan,
): Promise<RoutePlan> {
  // A counter store that is slow counts as no spend (as a failing one does), within the request's
  // own limits.
  const verdict = await budgets.check(state.request, plan.tier, (read) =>
    waitForStore(ctx, read, 0, 'budget', state),
  );
  if (verdict === undefined) return plan;
  const percent = Math.round((verdict.spentUsd / verdict.limitUsd) * 100);
  if (verdict.action === 'refuse') {
    emitBudget(ctx, verdict, 'refuse', undefined);
    state.steps.push({
      policy: 'budget',
      verdict: 'decide',
      note: `budget "${verdict.budget}" at ${percent}%: refused`,
    });
    throw new BudgetExceededError(
      verdict.budget,
      verdict.spentUsd,
      verdict.limitUsd,
      verdict.period,
    );
  }
  const alias = verdict.action.reroute;
  if (plan.tier === alias) return plan;
  emitBudget(ctx, verdict, 'reroute', alias);
  state.steps.push({
    policy: 'budget',
    verdict: 'decide',
    note: `budget "${verdict.budget}" at ${percent}% of $${verdict.limitUsd} for ${verdict.period}: rerouted to ${alias}`,
  });
  return ctx.planner.reroute(plan, alias, state.request, state, state.streamed);
}

/** Announces a budget's verdict (`budget` event). */
export function emitBudget(
  ctx: RouterContext,
  v: { budget: string; spentUsd: number; limitUsd: number; period: string },
  action: 'warn' | 'reroute' | 'refuse',
  to: string | undefined,
): void {
  if (!ctx.events.active) return;
  ctx.events.emit({
    type: 'budget',
    budget: v.budget,
    action,
    spentUsd: v.spentUsd,
    limitUsd: v.limitUsd,
    period: v.period,
    to,
  });
}
