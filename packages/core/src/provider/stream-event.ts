import type { ToolCallOutcome } from '../tools/tool-loop-types.js';
import type { ChatResponse } from './chat-response.js';
import type { RouteTrace } from './route-trace.js';
import type { ToolCall } from './tool.js';

/**
 * An event of `router.stream()`: `start` once a candidate has begun answering, then
 * `text-delta`, `reasoning-delta` and `tool-call` events, then one `finish`. A failure throws a typed error from
 * the iterator instead of `finish`; once `start` has been yielded the router never switches to
 * another candidate. With `maxSteps`, each model turn that called tools ends with `step-finish`
 * and its `tool-result` events (in call order), then the next turn's `start`; the last turn ends
 * with the one `finish`, whose response covers every turn.
 */
export type StreamEvent =
  | {
      readonly type: 'start';
      readonly provider: string;
      readonly model: string;
      /** The trace so far (candidates, failed attempts before this one). */
      readonly route: RouteTrace;
      /** `true` when the stream replays a cached answer. */
      readonly cached: boolean;
    }
  | { readonly type: 'text-delta'; readonly text: string }
  /** A piece of the model's reasoning (thinking), apart from the answer's text. */
  | { readonly type: 'reasoning-delta'; readonly text: string }
  | { readonly type: 'tool-call'; readonly toolCall: ToolCall }
  /** A tool the router ran (`maxSteps`): its result as sent back to the model. */
  | { readonly type: 'tool-result'; readonly step: number; readonly result: ToolCallOutcome }
  /** A model turn of the tool loop ended with tool calls the router now runs. */
  | { readonly type: 'step-finish'; readonly step: number; readonly response: ChatResponse }
  | { readonly type: 'finish'; readonly response: ChatResponse };
