import type { BudgetRule, CacheStore } from '@switchyard/core';

/**
 * Decides whether a request may run an action (clear the cache, reset the statistics). A string
 * is a token: the request must carry `Authorization: Bearer <token>`, compared in constant time.
 * A function gets the request (read its headers or cookies) and may be async.
 */
export type DashboardAuthorize = string | ((request: Request) => boolean | Promise<boolean>);

/** Options of {@link createDashboard}. */
export interface DashboardOptions {
  /**
   * The path the dashboard is served under (`/switchyard`): the page at `<basePath>/`, the JSON
   * endpoints under `<basePath>/api/`. Requests outside it get a 404. Defaults to `''` (the root).
   */
  readonly basePath?: string | undefined;
  /**
   * Turns the actions on. Without it every action is refused with a 403, whoever asks; a request
   * it does not authorise gets a 401. Defaults to none (actions off).
   */
  readonly authorize?: DashboardAuthorize | undefined;
  /**
   * The cache store the router was created with (`createRouter({ cache: { store } })`): the
   * clear-cache action clears it. Without it, that action answers 501. Defaults to none.
   */
  readonly cacheStore?: Pick<CacheStore, 'clear'> | undefined;
  /**
   * The budget rules the router was created with, to show spend against each limit. Spend is
   * what this process has seen since the dashboard started, in the current UTC period, raised to
   * the router's own count whenever a `budget` event reports it. Defaults to none.
   */
  readonly budgets?: readonly BudgetRule[] | undefined;
  /** How many recent routing decisions to keep (oldest dropped first). Defaults to 200. */
  readonly maxDecisions?: number | undefined;
  /**
   * How often the event stream sends a `snapshot` (health, statistics, budgets) while someone
   * listens, in milliseconds. Defaults to 1 000 ms.
   */
  readonly snapshotIntervalMs?: number | undefined;
  /**
   * Sends free text that may carry user content: request `metadata` on `response` events, error
   * messages on `request-error` events, validation issues on `extraction` events. Prompts never
   * reach the dashboard either way (router events do not carry them). Defaults to `false`.
   */
  readonly includeContent?: boolean | undefined;
  /** The page's title. Defaults to `"Switchyard"`. */
  readonly title?: string | undefined;
  /** The clock, for tests. Defaults to `Date.now`. */
  readonly now?: (() => number) | undefined;
}
