import type { FinishReason } from '@switchyard/core';

/**
 * Maps a chat-completions `finish_reason` to Switchyard's. `function_call` is the deprecated form
 * of `tool_calls`; anything unknown is `other` (the raw reason is kept beside it).
 */
export function mapChatCompletionsFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}
