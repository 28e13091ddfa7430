import { hasMarker, SwitchyardError } from '../errors/switchyard-error.js';
import type { WidgetAttempt } from './widget-attempt.js';
import { formatIssue, type WidgetIssue } from './widget-issue.js';

const widgetExtractionMarker: unique symbol = Symbol.for('switchyard.error.widget-extraction');

/** How many issues the message names before it says "and N more". */
const ISSUES_IN_MESSAGE = 3;

/**
 * No valid widget data could be extracted: the first answer, the repair and the escalation (when
 * there was one) all failed validation. Carries the widget's name, the last attempt's `issues`
 * and `rawText`, and every attempt with its response. Not retryable: the same request fails the
 * same way. Its message names up to three issues (zod's messages and the schema's refinements'),
 * not the raw output.
 */
export class WidgetExtractionError extends SwitchyardError {
  readonly [widgetExtractionMarker] = true;
  /** The widget service's name. */
  readonly widget: string;
  /** The validation issues of the last attempt that produced an answer. */
  readonly issues: readonly WidgetIssue[];
  /** The last attempt's output (the text or the tool arguments as JSON). */
  readonly rawText: string;
  /** Every attempt, in order. */
  readonly attempts: readonly WidgetAttempt[];

  constructor(
    widget: string,
    attempts: readonly WidgetAttempt[],
    options: { readonly cause?: unknown } = {},
  ) {
    const answered = [...attempts].reverse().find((a) => a.error === undefined);
    const issues = answered?.issues ?? [];
    const shown = issues
      .slice(0, ISSUES_IN_MESSAGE)
      .map((issue) => formatIssue(issue).replace(/\.$/, ''))
      .join('; ');
    const more =
      issues.length > ISSUES_IN_MESSAGE ? ` (and ${issues.length - ISSUES_IN_MESSAGE} more)` : '';
    const stages = attempts.map((a) => a.stage).join(', ');
    const last = attempts[attempts.length - 1];
    super(
      `Widget "${widget}": no valid data after ${attempts.length} ${attempts.length === 1 ? 'attempt' : 'attempts'} (${stages})${shown === '' ? '.' : `: ${shown}${more}.`}`,
      'widget-extraction',
      false,
      {
        cause: options.cause ?? last?.error,
        provider: last?.response?.provider,
        model: last?.response?.model,
      },
    );
    this.widget = widget;
    this.issues = issues;
    this.rawText = answered?.rawText ?? '';
    this.attempts = attempts;
  }

  static override isInstance(error: unknown): error is WidgetExtractionError {
    return hasMarker(error, widgetExtractionMarker);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      widget: this.widget,
      issues: this.issues,
      attempts: this.attempts.length,
    };
  }
}
