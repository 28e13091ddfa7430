// The price types sit apart from the table so that the built-in data (`price-data.ts`) and the
// table that reads it (`price-table.ts`) do not import each other.

/** Prices of one model, US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
  /** Prompt tokens read from the vendor's prompt cache. Defaults to the input rate. */
  readonly cachedInputPerMTok?: number | undefined;
  /** Prompt tokens written to the vendor's prompt cache (Anthropic). Defaults to the input rate. */
  readonly cacheWritePerMTok?: number | undefined;
  /**
   * US dollars per billed request beyond tokens, by the kinds of `Usage.serverToolRequests`
   * (`{ webSearch: 0.01 }`). A kind without a price costs nothing. Defaults to none.
   */
  readonly perRequestUsd?: Readonly<Record<string, number>> | undefined;
}

/** A price with where it came from. */
export interface PriceEntry extends ModelPrice {
  readonly source: string;
}
