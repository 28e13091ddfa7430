/** One widget extraction's outcome. */
export interface ExtractionRecord {
  readonly widget: string;
  readonly success: boolean;
  /** Extraction attempts made (1 = first try; more with repair and escalation). */
  readonly attempts: number;
  readonly strategy: string;
  /** Validation issues of the last failed attempt, as `path: message`. */
  readonly issues?: readonly string[] | undefined;
  /**
   * Answers whose JSON parsed only after a local repair (trailing commas, single quotes, missing
   * commas) during this extraction.
   */
  readonly localRepairs?: number | undefined;
}
