import type { ChatRequest } from '../provider/chat-request.js';
import type { ChatResponse } from '../provider/chat-response.js';
import type { StreamEvent } from '../provider/stream-event.js';
import type { WidgetService } from './define-widget.js';
import type { WidgetAttempt } from './widget-attempt.js';

/**
 * A request to a widget registry: a chat request without the fields the widget decides (`model`,
 * `responseFormat`, `tools`, `toolChoice`). Its `intent`, when set, chooses the widget.
 */
export type WidgetRequest = Omit<ChatRequest, 'model' | 'responseFormat' | 'tools' | 'toolChoice'>;

/** What a widget registry returns for one request. */
export interface WidgetResult<Name extends string = string, Data = unknown> {
  /** The widget service that answered (the fallback's name for unmatched requests). */
  readonly widget: Name;
  /** The validated data (`undefined` for a text service). */
  readonly data: Data;
  /**
   * The answer's text: the prose for the `tool` strategy and text services, the JSON for the
   * others (empty when the data came as a tool call).
   */
  readonly text: string;
  /** The response the text came from, with usage, cost and route. */
  readonly response: ChatResponse;
  /** The intent that chose the widget, if one did. */
  readonly intent: string | undefined;
  /** Every extraction attempt (empty for a text service). */
  readonly attempts: readonly WidgetAttempt[];
}

/** The result type of a union of widget services: one member per widget, told apart by `widget`. */
export type WidgetResultOf<W> =
  W extends WidgetService<infer Name, infer Data> ? WidgetResult<Name, Data> : never;

/**
 * An event of `registry.stream()`: the router's `start` (with the widget's name), `text-delta`,
 * `reasoning-delta` and `tool-call` events as they come, then one `finish` that carries the whole result, data
 * included.
 */
export type WidgetStreamEvent<Result extends WidgetResult = WidgetResult> =
  | (Extract<StreamEvent, { type: 'start' }> & { readonly widget: Result['widget'] })
  | Extract<StreamEvent, { type: 'text-delta' }>
  | Extract<StreamEvent, { type: 'reasoning-delta' }>
  | Extract<StreamEvent, { type: 'tool-call' }>
  | ({ readonly type: 'finish' } & Result);
