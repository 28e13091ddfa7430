import { hasMarker, SwitchyardError } from './switchyard-error.js';

const budgetMarker: unique symbol = Symbol.for('switchyard.error.budget');

/** A spend budget is used up and its action is to refuse. Thrown before any provider call. Not retryable. */
export class BudgetExceededError extends SwitchyardError {
  readonly [budgetMarker] = true;
  /** The budget's name. */
  readonly budget: string;
  readonly spentUsd: number;
  readonly limitUsd: number;
  /** The period the spend counts toward (`2026-11-21`, `2026-11`). */
  readonly period: string;

  constructor(budget: string, spentUsd: number, limitUsd: number, period: string) {
    super(
      `Budget "${budget}" is spent: $${spentUsd.toFixed(4)} of $${limitUsd} for ${period}. The request was refused before any call.`,
      'budget',
      false,
      { code: 'budget_exceeded' },
    );
    this.budget = budget;
    this.spentUsd = spentUsd;
    this.limitUsd = limitUsd;
    this.period = period;
  }

  static override isInstance(error: unknown): error is BudgetExceededError {
    return hasMarker(error, budgetMarker);
  }
}
