import type { RedisCommandClient, RedisConnection } from './redis-connection.js';

interface ScanningClient {
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string[] | string>;
  unlink(keys: string[]): Promise<unknown>;
  strLen(key: string): Promise<number>;
}
interface ClusterLike {
  masters: readonly unknown[];
  nodeClient(node: unknown): Promise<ScanningClient> | ScanningClient;
}

/**
 * Calls `each` with every batch of keys matching `pattern`, found by incremental `SCAN` (never
 * `KEYS`) on the client, or on each master of a cluster, with the node that holds them. Admin
 * use only (`clear()`, `stats()`), never on the request path.
 */
export async function scanKeys(
  connection: RedisConnection,
  pattern: string,
  each: (node: ScanningClient, keys: readonly string[]) => Promise<void>,
): Promise<void> {
  const client = connection.client as RedisCommandClient &
    Partial<ScanningClient> &
    Partial<ClusterLike>;
  const nodes: ScanningClient[] = [];
  if (Array.isArray(client.masters) && client.nodeClient !== undefined) {
    for (const master of client.masters) nodes.push(await client.nodeClient(master));
  } else {
    await connection.run(async () => undefined); // connects an owned client
    nodes.push(client as unknown as ScanningClient);
  }
  for (const node of nodes) {
    for await (const batch of node.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      await each(node, Array.isArray(batch) ? batch : [batch]);
    }
  }
}

/** Deletes every key matching `pattern` with `SCAN` and `UNLINK` (see {@link scanKeys}). */
export async function scanDelete(connection: RedisConnection, pattern: string): Promise<void> {
  await scanKeys(connection, pattern, async (node, keys) => {
    // One key per UNLINK: keys of one batch may sit in different cluster slots.
    for (const key of keys) await node.unlink([key]);
  });
}
