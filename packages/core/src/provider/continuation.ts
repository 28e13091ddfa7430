/**
 * Opaque state a vendor needs back on a later turn of the same conversation: Gemini 3's
 * `thoughtSignature` on a function call, Claude's signed thinking blocks before a `tool_use`.
 * Responses carry it (`ChatResponse.continuation`, `ToolCall.continuation`); the host keeps it on
 * the assistant message and sends it back unchanged ({@link assistantMessage} does both). Only an
 * adapter of the vendor that wrote it sends it on; the router drops it, with a trace step, before
 * a candidate of another vendor sees the conversation.
 */
export interface ProviderContinuation {
  /** The vendor whose adapter wrote it (`anthropic`, `google`): a provider's `vendor`. */
  readonly vendor: string;
  /** The vendor's state, JSON-serialisable. Its shape belongs to the adapter: do not edit it. */
  readonly data: unknown;
}

/**
 * Vendor data of an answer that is not text: citations, web search results, fetched documents,
 * code-execution output. Keyed by vendor (`{ anthropic: { citations: [...] } }`); each adapter
 * documents and exports the shape of its own entry.
 */
export type ProviderMetadata = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
