/** Token counts for one model call. */
export interface Usage {
  /** Tokens in the prompt, including cached ones. */
  readonly inputTokens: number;
  /** Tokens generated. */
  readonly outputTokens: number;
  /** `inputTokens + outputTokens`, or what the vendor reports. */
  readonly totalTokens: number;
  /** Prompt tokens served from the vendor's prompt cache (priced lower), when reported. */
  readonly cachedInputTokens?: number | undefined;
  /** Prompt tokens written to the vendor's prompt cache (Anthropic), when reported. */
  readonly cacheWriteInputTokens?: number | undefined;
  /** Hidden reasoning tokens, included in `outputTokens`, when reported. */
  readonly reasoningTokens?: number | undefined;
  /**
   * Billed requests beyond tokens, by kind, when the vendor reports them: `webSearch` (searches
   * run by a server tool), `webFetch`, `codeExecution`. The price table prices them per request
   * (`ModelPrice.perRequestUsd`).
   */
  readonly serverToolRequests?: Readonly<Record<string, number>> | undefined;
}

/** A usage of zero tokens (cached answers, refused requests). */
export const ZERO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
