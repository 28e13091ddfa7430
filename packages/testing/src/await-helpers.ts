import { SwitchyardError } from '@switchyard/core';

/**
 * Awaits a promise that should reject with a Switchyard error, and returns the error. Throws if
 * the promise resolves; rethrows anything else it rejects with, so a test fails with the real
 * cause. Works under any test runner.
 *
 * @example
 * const error = await rejectionOf(router.chat(request));
 * expect(error.kind).toBe('rate-limit');
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    if (SwitchyardError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('Expected a rejection with a Switchyard error, but the promise resolved.');
}

/** What {@link drainStream} read. */
export interface DrainedStream<T> {
  /** Everything the stream yielded, in order. */
  readonly parts: T[];
  /** What the stream threw, or `undefined` if it ended normally. */
  readonly error: unknown;
}

/**
 * Reads a stream to its end, or to the error that broke it, and returns both what it yielded and
 * the error, so a test can check the parts that came before a failure.
 *
 * @example
 * const { parts, error } = await drainStream(provider.stream(request, options));
 */
export async function drainStream<T>(stream: AsyncIterable<T>): Promise<DrainedStream<T>> {
  const parts: T[] = [];
  try {
    for await (const part of stream) parts.push(part);
  } catch (error) {
    return { parts, error };
  }
  return { parts, error: undefined };
}
