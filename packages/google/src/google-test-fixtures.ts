import type { ProviderCallOptions, ProviderRequest } from '@switchyard/core';
import { vi } from 'vitest';

// Test support, not exported: what the tests of both Google SDKs build their calls and raw Gemini
// answers from.

/** Call options with a fresh signal that nothing aborts. */
export const signal = (): ProviderCallOptions => ({ signal: new AbortController().signal });

/** A one-question request to `gemini-2.5-flash`, with `extra` fields on top. */
export const ask = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

/** One SSE frame as Gemini sends it (data only, `\r\n\r\n` after it), for `server.raw()`. */
export const frame = (data: unknown): string => `data: ${JSON.stringify(data)}\r\n\r\n`;

/** A `generateContent` answer (or stream chunk) of one candidate with `parts`, no finish reason. */
export const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) => ({
  candidates: [{ content: { role: 'model', parts }, index: 0 }],
  usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp_raw',
  ...extra,
});

/** `server.raw()` options of a stream answer. */
export const streamHeaders = { headers: { 'content-type': 'text/event-stream' } };

/** `server.raw()` options of a JSON answer. */
export const jsonHeaders = { headers: { 'content-type': 'application/json' } };

/**
 * The timers that code outside Node sets from now on and that are still armed: a spy on
 * `setTimeout` and `clearTimeout` (undo it with `vi.restoreAllMocks()`). Node's own fetch (undici)
 * keeps a shared connection timer, neither the SDK's nor the adapter's: it is left out.
 */
export function armedTimers(): Set<unknown> {
  const armed = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    fn: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const handle = realSet(() => {
      armed.delete(handle);
      fn(...args);
    }, ms);
    if (!new Error().stack?.includes('node:internal/')) armed.add(handle);
    return handle;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    armed.delete(handle);
    realClear(handle);
  });
  return armed;
}
