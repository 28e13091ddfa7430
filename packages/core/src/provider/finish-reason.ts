/**
 * Why the model stopped.
 * - `stop`: a natural end or a stop sequence.
 * - `length`: the token limit was reached.
 * - `tool-calls`: the model called tools and waits for their results.
 * - `content-filter`: the vendor blocked the output.
 * - `error`: the vendor reported an error in place of an end.
 * - `other`: anything else the vendor said (kept in `rawFinishReason`).
 */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';
