import type { RouteAttempt, RouteStep } from '../provider/route-trace.js';

/** Where the planner writes what it did: the request's trace so far (the router's request state). */
export interface PlanTrace {
  readonly steps: RouteStep[];
  readonly attempts: RouteAttempt[];
}
