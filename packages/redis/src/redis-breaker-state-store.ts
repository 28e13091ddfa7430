import type {
  BreakerStateChange,
  BreakerStateStore,
  TrialLease,
  WatchableStore,
} from '@switchyard/core';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { takeLease } from './redis-lock.js';

/** The Redis breaker-state store, with the state of its connection. */
export interface RedisBreakerStateStore extends BreakerStateStore, WatchableStore {
  publish(change: BreakerStateChange): Promise<void>;
  claimTrial(candidate: string): Promise<TrialLease | undefined>;
  /** Resolves once the subscriber connection listens (or at once when nobody subscribed yet). */
  ready(): Promise<void>;
  close(): Promise<void>;
  readonly connection: RedisConnection;
}

/**
 * Breaker openings shared over Redis pub/sub on the channel `<prefix>breakers`: `publish` is one
 * `PUBLISH` (with the connection's timeout and breaker); `subscribe` opens one extra connection
 * (a duplicate of the client) that node-redis reconnects and resubscribes by itself after an
 * outage. Delivery takes one network hop, well under the 100 ms the router promises. Openings
 * published while a subscriber is disconnected are not replayed: its local breakers find the
 * outage themselves. Pass it as `breaker: { store }` to every router instance.
 *
 * Half-open trials are limited across instances: `claimTrial` is one
 * `SET <prefix>trial:<candidate> <token> NX PX trialLeaseMs`, so one instance at a time runs a
 * candidate's trials; it deletes the key (if it still holds its token) when its breaker closes or
 * opens again. While Redis is unavailable every claim succeeds locally: each instance runs its
 * own trials, as it would alone.
 *
 * @throws {TypeError} for a non-positive timeout, threshold, cooldown or lease.
 */
export function createRedisBreakerStateStore(
  options: RedisConnectionOptions & {
    /**
     * The longest one instance holds a candidate's trial slot if it never gives it back (it
     * died, or its trial hangs): then another instance may try. Defaults to 30 000 ms.
     */
    readonly trialLeaseMs?: number | undefined;
  } = {},
): RedisBreakerStateStore {
  const leaseMs = options.trialLeaseMs ?? 30_000;
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) {
    throw new TypeError(`trialLeaseMs must be a positive number, got ${leaseMs}.`);
  }
  const connection = new RedisConnection(options);
  const channel = `${connection.prefix}breakers`;
  const listeners = new Set<(change: BreakerStateChange) => void>();
  let subscriber: ReturnType<NonNullable<typeof connection.client.duplicate>> | undefined;
  let listening: Promise<void> | undefined;
  let closed = false;

  const deliver = (message: string) => {
    let change: BreakerStateChange;
    try {
      change = JSON.parse(message) as BreakerStateChange;
    } catch {
      return; // Not ours.
    }
    if (typeof change?.candidate !== 'string' || change.state !== 'open') return;
    for (const listener of [...listeners]) listener(change);
  };
  const listen = () => {
    if (listening !== undefined || closed || connection.client.duplicate === undefined) return;
    const sub = connection.client.duplicate();
    subscriber = sub;
    // node-redis reconnects by itself; the connection's health counts what the subscriber sees.
    sub.on('error', (error) => connection.observe(error ?? new Error('subscriber error')));
    sub.on('ready', () => connection.observe());
    listening = (async () => {
      await sub.connect?.();
      await sub.subscribe?.(channel, deliver);
    })().catch(() => {
      // Closed before it connected; a later subscribe() tries again.
      listening = undefined;
    });
  };
  return {
    connection,
    backendStatus: () => connection.status(),
    watchBackend: (listener) => connection.watch(listener),
    async publish(change) {
      await connection.run(async (client) => {
        await client.publish?.(channel, JSON.stringify(change));
      });
    },
    async claimTrial(candidate) {
      try {
        return await takeLease(connection, `${connection.prefix}trial:${candidate}`, leaseMs);
      } catch {
        return { release() {} }; // Redis is unavailable: trials stay local.
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      listen();
      return () => {
        listeners.delete(listener);
      };
    },
    async ready() {
      await listening;
    },
    async close() {
      closed = true;
      listeners.clear();
      const sub = subscriber;
      subscriber = undefined;
      if (sub !== undefined) {
        if (sub.isOpen) await sub.close?.().catch(() => sub.destroy?.());
        else sub.destroy?.();
      }
      await connection.close();
    },
  };
}
