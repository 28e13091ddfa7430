import type { FinishReason } from '@switchyard/core';

/**
 * Maps a Gemini `finishReason` to Switchyard's. Gemini ends a function call with `STOP`, so
 * `hasToolCalls` turns that into `tool-calls`. Output blocked by a safety, recitation, language,
 * blocklist or privacy filter is `content-filter`; a malformed function call is `error`;
 * `OTHER` and anything unknown are `other` (the raw reason is kept beside it).
 */
export function mapGoogleFinishReason(reason: unknown, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'STOP':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'LANGUAGE':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
      return 'error';
    default:
      return 'other';
  }
}
