import type { ChatResponse } from './chat-response.js';
import type { RouteTrace } from './route-trace.js';
import type { ToolCall } from './tool.js';

/**
 * An event of `router.stream()`: `start` once a candidate has begun answering, then
 * `text-delta`, `reasoning-delta` and `tool-call` events, then one `finish`. A failure throws a typed error from
 * the iterator instead of `finish`; once `start` has been yielded the router never switches to
 * another candidate.
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
  | { readonly type: 'finish'; readonly response: ChatResponse };
