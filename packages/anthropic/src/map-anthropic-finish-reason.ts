import type { FinishReason } from '@switchyard/core';

/**
 * Maps an Anthropic `stop_reason` to Switchyard's. `refusal` (the safety classifiers stopped the
 * answer) is `content-filter`; `model_context_window_exceeded` is `length` (the adapter raises a
 * `ContextLengthError` instead when nothing was generated); `pause_turn` (a server tool paused a
 * long turn) and anything unknown are `other`, with the raw reason kept beside it.
 */
export function mapAnthropicFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}
