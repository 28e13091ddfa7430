import type { RouterEvent } from '../events/router-events.js';
import type { ExtractionRecord } from '../usage/extraction-record.js';

export type { ExtractionRecord } from '../usage/extraction-record.js';

/**
 * @internal Parts of a router that other modules of core (the widget registry) report into.
 * Keyed by a symbol that is not exported from the package, so it is not public API.
 */
export const ROUTER_INTERNALS: unique symbol = Symbol.for('switchyard.router.internals');

/** @internal */
export interface RouterInternals {
  /** Queues an event for the router's listeners. */
  emit(event: RouterEvent): void;
  /** Records a widget extraction (events now; statistics as well once accounting is on). */
  recordExtraction(record: ExtractionRecord): void;
}

/** @internal The internals of a router created by this package, or `undefined` for anything else. */
export function routerInternals(router: object): RouterInternals | undefined {
  return (router as { [ROUTER_INTERNALS]?: RouterInternals })[ROUTER_INTERNALS];
}
