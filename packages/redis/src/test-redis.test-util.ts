import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

/** The Redis the tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The per-call limit for tests of what the stores do (not of how they fail): the first call also
 * waits for the connection, which can take longer than the 200 ms default on a busy CI machine.
 */
export const TEST_TIMEOUT_MS = 2_000;

/** A key prefix no other test shares. */
export const testPrefix = (name: string) => `sy-test:${name}:${randomUUID().slice(0, 8)}:`;

/** A raw client for checks behind the stores' backs; the caller closes it. */
export async function rawClient() {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function cleanPrefix(prefix: string): Promise<void> {
  const client = await rawClient();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
  await client.close();
}
