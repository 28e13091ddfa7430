// Dashboard
export { createDashboard } from './create-dashboard.js';
export type { Dashboard } from './create-dashboard.js';
export type { DashboardAuthorize, DashboardOptions } from './dashboard-options.js';
export { bearerToken } from './authorize.js';
export { toNodeHandler } from './node-handler.js';

// What the endpoints answer
export type { CandidateHealth, DashboardHealth } from './router-watch.js';
export type { DecisionEntry } from './decision-log.js';
export type { BudgetSpend } from './budget-spend.js';
export type {
  BenchmarkReport,
  BenchmarkRunSummary,
  BenchmarkScoreRow,
} from './benchmark-scores.js';
