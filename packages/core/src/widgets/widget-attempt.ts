import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { WidgetIssue } from './widget-issue.js';

/**
 * The stage of a widget extraction: the first try, the repair (the model is shown the
 * validation issues), or the escalation (the request again, on the next candidate).
 */
export type WidgetAttemptStage = 'initial' | 'repair' | 'escalation';

/**
 * How the data was asked for: a JSON Schema response format, a forced tool call, or plain text
 * (the `json` strategy and custom extractions).
 */
export type WidgetOutputMode = 'response-format' | 'tool-call' | 'text';

/** One try at getting valid widget data out of a model. */
export interface WidgetAttempt {
  /** Which try this was. */
  readonly stage: WidgetAttemptStage;
  /** How the data was asked for. */
  readonly mode: WidgetOutputMode;
  /** The `provider:model` that answered; `undefined` when the call failed. */
  readonly model: string | undefined;
  /** Whether the data validated. */
  readonly success: boolean;
  /** What was validated: the answer's text, or the tool call's arguments as JSON. */
  readonly rawText: string;
  /** Why it was rejected; empty on success. */
  readonly issues: readonly WidgetIssue[];
  /** The model's answer, when the call succeeded. */
  readonly response: ChatResponse | undefined;
  /** Why the call itself failed (repair and escalation calls only), when it did. */
  readonly error: SwitchyardError | undefined;
}
