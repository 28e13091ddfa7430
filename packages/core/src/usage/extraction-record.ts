/** One widget extraction's outcome. */
export interface ExtractionRecord {
  readonly widget: string;
  readonly success: boolean;
  /** Extraction attempts made (1 = first try; more with repair and escalation). */
  readonly attempts: number;
  readonly strategy: string;
  /** Validation issues of the last failed attempt, as `path: message`. */
  readonly issues?: readonly string[] | undefined;
}
