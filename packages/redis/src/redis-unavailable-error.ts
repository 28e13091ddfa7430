/** Redis did not answer in time, returned an error, or its breaker is open. Stores catch it. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}
