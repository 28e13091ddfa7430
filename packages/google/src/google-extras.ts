import type { ProviderContinuation, ProviderMetadata } from '@switchyard/core';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The vendor name of Gemini's continuation state and metadata. */
export const GOOGLE_VENDOR = 'google';

/**
 * The `data` of a Gemini continuation: the `thoughtSignature` Gemini put on a part. On a tool
 * call, the signature of its `functionCall` part (Gemini 3 refuses the call's replay without it);
 * on an assistant message, the signature of its text part. Sent back on the same part.
 */
export interface GoogleContinuationData {
  readonly thoughtSignature: string;
}

/**
 * What the Google adapter puts under `providerMetadata.google`, each only when the answer has
 * some, as Gemini sent them: `groundingMetadata` (Google Search: `webSearchQueries`,
 * `groundingChunks`, `groundingSupports`), `citationMetadata`, `urlContextMetadata`, and the
 * code-execution parts (`executableCode`, `codeExecutionResult`) in answer order.
 */
export interface GoogleProviderMetadata {
  readonly groundingMetadata?: Readonly<Record<string, unknown>>;
  readonly citationMetadata?: Readonly<Record<string, unknown>>;
  readonly urlContextMetadata?: Readonly<Record<string, unknown>>;
  readonly codeExecution?: readonly Readonly<Record<string, unknown>>[];
}

/** A Gemini `thoughtSignature` as a continuation. */
export const signed = (thoughtSignature: string): ProviderContinuation => ({
  vendor: GOOGLE_VENDOR,
  data: { thoughtSignature } satisfies GoogleContinuationData,
});

/** The signature in a continuation of Gemini's, if it is one. */
export function signatureOf(continuation: ProviderContinuation | undefined): string | undefined {
  if (continuation?.vendor !== GOOGLE_VENDOR) return undefined;
  const data = continuation.data;
  return isObject(data) && typeof data.thoughtSignature === 'string'
    ? data.thoughtSignature
    : undefined;
}

/** Metadata gathered from an answer, before it goes under `providerMetadata.google`. */
export type GoogleMetadataDraft = {
  -readonly [K in keyof GoogleProviderMetadata]: K extends 'codeExecution' ? Json[] : Json;
};

/** Reasoning, continuation and metadata of an answer, each present only when it has some. */
export function googleExtras(
  reasoning: string,
  textSignature: string | undefined,
  metadata: GoogleMetadataDraft,
): {
  reasoning?: string;
  continuation?: ProviderContinuation;
  providerMetadata?: ProviderMetadata;
} {
  return {
    ...(reasoning !== '' && { reasoning }),
    ...(textSignature !== undefined && { continuation: signed(textSignature) }),
    ...(Object.keys(metadata).length > 0 && { providerMetadata: { [GOOGLE_VENDOR]: metadata } }),
  };
}
