export { createRedisBreakerStateStore } from './redis-breaker-state-store.js';
export type { RedisBreakerStateStore } from './redis-breaker-state-store.js';
export { createRedisCacheStore } from './redis-cache-store.js';
export type { RedisCacheStore, RedisCacheStoreOptions } from './redis-cache-store.js';
export { RedisConnection, redactUrl } from './redis-connection.js';
export type {
  RedisCommandClient,
  RedisConnectionOptions,
  RedisHealth,
} from './redis-connection.js';
export { createRedisLock } from './redis-lock.js';
export type { RedisLock, RedisLockLease } from './redis-lock.js';
export { createRedisOutcomeStore } from './redis-outcome-store.js';
export type { RedisOutcomeStore, RedisOutcomeStoreOptions } from './redis-outcome-store.js';
export { createRedisScoreStore } from './redis-score-store.js';
export type { RedisScoreStore } from './redis-score-store.js';
export { createRedisSessionStore } from './redis-session-store.js';
export type { RedisSessionStore } from './redis-session-store.js';
export { createRedisSpendCounters } from './redis-spend-counters.js';
export type { RedisSpendCounters } from './redis-spend-counters.js';
export { RedisUnavailableError } from './redis-unavailable-error.js';
