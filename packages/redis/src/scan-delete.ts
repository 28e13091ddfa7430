import type { RedisCommandClient, RedisConnection } from './redis-connection.js';

interface ScanningClient {
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string[] | string>;
  unlink(keys: string[]): Promise<unknown>;
}
interface ClusterLike {
  masters: readonly unknown[];
  nodeClient(node: unknown): Promise<ScanningClient> | ScanningClient;
}

/**
 * Deletes every key matching `pattern` with incremental `SCAN` and batched `UNLINK`, on each
 * master of a cluster. Admin use only (`clear()`), never on the request path.
 */
export async function scanDelete(connection: RedisConnection, pattern: string): Promise<void> {
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
      const keys = Array.isArray(batch) ? batch : [batch];
      // One key per UNLINK: keys of one batch may sit in different cluster slots.
      for (const key of keys) await node.unlink([key]);
    }
  }
}
