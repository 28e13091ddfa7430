import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import type { Provider, ProviderCallOptions, ProviderRequest } from '@switchyard/core';
import { vi } from 'vitest';
import { createGoogleGenAI } from './google-genai-provider.js';
import { createGoogle } from './google-provider.js';
import type { GoogleCommonOptions } from './google-provider-base.js';

// Test support, not exported: what the tests of both Google SDKs build their calls and raw Gemini
// answers from, and the two adapters for the tests that run on each (`describe.each(SDKS)`).

/** One Google adapter, for the tests that run on both. */
export interface SdkUnderTest {
  readonly name: string;
  /** The factory's name, as its errors give it. */
  readonly factory: string;
  readonly create: (options?: GoogleCommonOptions) => Provider;
  /** The factory given a client of the SDK's own, built with `apiKey`, and `options`. */
  readonly withClient: (apiKey: string, options?: GoogleCommonOptions) => Provider;
  /** The SDK's `x-goog-api-client` header. */
  readonly client: RegExp;
  /** A JSON-schema type as the SDK writes it: @google/genai in Gemini's enum spelling (`STRING`). */
  readonly type: (name: string) => string;
}

/** `createGoogle` on @google/generative-ai and `createGoogleGenAI` on @google/genai. */
export const SDKS: readonly SdkUnderTest[] = [
  {
    name: '@google/generative-ai',
    factory: 'createGoogle',
    create: createGoogle,
    withClient: (apiKey, options) =>
      createGoogle({ ...options, client: new GoogleGenerativeAI(apiKey) }),
    client: /^genai-js\//,
    type: (name) => name,
  },
  {
    name: '@google/genai',
    factory: 'createGoogleGenAI',
    create: createGoogleGenAI,
    withClient: (apiKey, options) =>
      createGoogleGenAI({ ...options, client: new GoogleGenAI({ apiKey, vertexai: false }) }),
    client: /^google-genai-sdk\//,
    type: (name) => name.toUpperCase(),
  },
];

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
