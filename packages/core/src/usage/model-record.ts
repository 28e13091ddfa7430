// The model-data types sit apart from the generated table (`model-data.ts`) and the code that
// reads it (`model-lifecycle.ts`), as the price types do.

/**
 * What the built-in model data says about one model, as `pnpm update:models` generates it into
 * `model-data.ts` from the sources named in that file's header.
 */
export interface ModelRecord {
  /** Prompt plus output tokens the model accepts, when the data gives it. */
  readonly contextWindow?: number | undefined;
  /**
   * `YYYY-MM-DD` (UTC): the model's deprecation date, the day the vendor stops (or stopped)
   * serving it. From that day on the router emits one `warning` event (`model-deprecated`).
   */
  readonly deprecationDate?: string | undefined;
  /** The data marks the model deprecated without a date: the router warns on its first use. */
  readonly deprecated?: boolean | undefined;
  /** The model id (same provider) to move to, when the data names one. */
  readonly successor?: string | undefined;
}
