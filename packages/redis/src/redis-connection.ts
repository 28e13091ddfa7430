import type { BackendStatus } from '@switchyard/core';
import { createClient } from 'redis';
import { RedisUnavailableError } from './redis-unavailable-error.js';

/**
 * The commands the Redis stores send. A node-redis 5+ client (`createClient()`) or cluster
 * (`createCluster()`) has them all; the type is structural so either can be passed in.
 */
export interface RedisCommandClient {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, options?: { PX?: number }): Promise<unknown>;
  del(keys: string | string[]): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  hGetAll?(key: string): Promise<unknown>;
  zRange?(
    key: string,
    min: string,
    max: string,
    options: { BY: 'SCORE'; LIMIT: { offset: number; count: number } },
  ): Promise<unknown>;
  zCard?(key: string): Promise<unknown>;
  publish?(channel: string, message: string): Promise<unknown>;
  subscribe?(channel: string, listener: (message: string) => void): Promise<unknown>;
  duplicate?(): RedisCommandClient;
  on(event: 'error' | 'ready', listener: (error?: unknown) => void): unknown;
  off?(event: 'error', listener: (error: unknown) => void): unknown;
  readonly isOpen?: boolean;
  connect?(): Promise<unknown>;
  close?(): Promise<unknown>;
  destroy?(): unknown;
}

/** How the Redis connection is doing, for `health()` and warnings. */
export interface RedisHealth {
  /** `closed` while calls go to Redis, `open` while the stores serve from local state. */
  readonly state: 'closed' | 'open' | 'half-open';
  /** Calls that failed or timed out in a row. */
  readonly consecutiveFailures: number;
  /** The last failure's message, without credentials. */
  readonly lastError?: string | undefined;
}

/** Options shared by every Redis store. */
export interface RedisConnectionOptions {
  /** A connected (or connectable) node-redis client or cluster. The host owns it: `close()` leaves it open. */
  readonly client?: RedisCommandClient | undefined;
  /** Used when no `client` is given: the store creates, connects and closes its own client. Defaults to `process.env.REDIS_URL`, then `redis://127.0.0.1:6379`. */
  readonly url?: string | undefined;
  /** Prefix of every key written. Defaults to `"switchyard:"`. */
  readonly prefix?: string | undefined;
  /** The longest one Redis call may take before it counts as failed (and the store answers from local state). Defaults to 200 ms. */
  readonly timeoutMs?: number | undefined;
  /** Failed calls in a row that open the store's own breaker. Defaults to 3. */
  readonly failureThreshold?: number | undefined;
  /** How long the breaker stays open before one trial call. Defaults to 2 000 ms. */
  readonly cooldownMs?: number | undefined;
  /** Called once when Redis becomes unavailable and once when it is back. Never receives credentials. */
  readonly onWarning?: ((message: string) => void) | undefined;
  /**
   * How `router.health().backends` and the router's warnings name this Redis; stores with the
   * same name count as one backend (one warning per outage). Defaults to `redis <host>:<port>`
   * from `url`, or `redis` for a `client` passed in.
   */
  readonly name?: string | undefined;
}

/** Removes `user:password@` from anything that might echo a URL. */
export function redactUrl(text: string): string {
  return text.replace(/(rediss?:\/\/)[^@/\s]*@/gi, '$1***@');
}

/**
 * One Redis connection with a timeout on every call and a breaker of its own: after
 * `failureThreshold` failures in a row calls fail fast (no network) until `cooldownMs` passes,
 * then one trial call decides. Callers catch {@link RedisUnavailableError} and use local state.
 */
export class RedisConnection {
  readonly prefix: string;
  readonly #timeoutMs: number;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #onWarning: ((message: string) => void) | undefined;
  readonly #owned: boolean;
  readonly #client: RedisCommandClient;
  #connecting: Promise<unknown> | undefined;
  #failures = 0;
  #openUntil = 0;
  #trial = false;
  #lastError: string | undefined;
  #closed = false;
  #downSince: number | undefined;
  readonly #name: string;
  readonly #watchers = new Set<(status: BackendStatus) => void>();
  readonly #onError = (error: unknown) => {
    this.#lastError = redactUrl(error instanceof Error ? error.message : String(error));
  };

  constructor(options: RedisConnectionOptions = {}) {
    this.prefix = options.prefix ?? 'switchyard:';
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? 200);
    this.#threshold = positive('failureThreshold', options.failureThreshold ?? 3);
    this.#cooldownMs = positive('cooldownMs', options.cooldownMs ?? 2_000);
    this.#onWarning = options.onWarning;
    this.#name = options.name ?? (options.client === undefined ? nameOf(options.url) : 'redis');
    if (options.client !== undefined) {
      this.#client = options.client;
      this.#owned = false;
    } else {
      const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      this.#client = createClient({
        url,
        // Commands fail at once while disconnected instead of queueing behind a reconnect.
        disableOfflineQueue: true,
        socket: {
          connectTimeout: Math.max(this.#timeoutMs, 1_000),
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
        },
      }) as unknown as RedisCommandClient;
      this.#owned = true;
    }
    this.#client.on('error', this.#onError);
  }

  /** The wrapped client, for commands the stores do not cover. */
  get client(): RedisCommandClient {
    return this.#client;
  }

  /** Where the connection stands. */
  health(): RedisHealth {
    const now = Date.now();
    const state =
      this.#failures < this.#threshold ? 'closed' : now < this.#openUntil ? 'open' : 'half-open';
    return { state, consecutiveFailures: this.#failures, lastError: this.#lastError };
  }

  /** The backend's state for the router (`down` from the breaker's opening until a call succeeds). */
  status(): BackendStatus {
    return this.#downSince === undefined
      ? { backend: this.#name, state: 'up' }
      : { backend: this.#name, state: 'down', since: this.#downSince, lastError: this.#lastError };
  }

  /**
   * Counts an outcome seen outside {@link run}: a failure (with its error) or a success (no
   * argument). The breaker-state store reports its subscriber connection's errors and
   * reconnections this way, so its health covers the connection it listens on.
   */
  observe(error?: unknown): void {
    if (this.#closed) return;
    if (error === undefined) this.#succeeded();
    else this.#failed(error);
  }

  /** Calls `listener` when the connection goes down (its breaker opens) and when it is back. */
  watch(listener: (status: BackendStatus) => void): () => void {
    this.#watchers.add(listener);
    return () => {
      this.#watchers.delete(listener);
    };
  }

  /**
   * Runs `call` against Redis with the timeout and breaker.
   *
   * @throws {RedisUnavailableError} when the breaker is open, the call fails or it times out.
   */
  async run<T>(call: (client: RedisCommandClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new RedisUnavailableError('the Redis store is closed');
    if (this.#failures >= this.#threshold) {
      if (Date.now() < this.#openUntil || this.#trial) {
        throw new RedisUnavailableError(`Redis breaker open (${this.#lastError ?? 'unreachable'})`);
      }
      this.#trial = true;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        (async () => {
          await this.#ensureConnected();
          return call(this.#client);
        })(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new RedisUnavailableError(`Redis did not answer within ${this.#timeoutMs} ms`),
              ),
            this.#timeoutMs,
          );
        }),
      ]);
      this.#succeeded();
      return result;
    } catch (error) {
      this.#failed(error);
      throw error instanceof RedisUnavailableError
        ? error
        : new RedisUnavailableError(
            redactUrl(error instanceof Error ? error.message : String(error)),
          );
    } finally {
      clearTimeout(timer);
      this.#trial = false;
    }
  }

  /** Closes the client when this connection created it; a host's client stays open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watchers.clear();
    if (!this.#owned) {
      this.#client.off?.('error', this.#onError);
      return;
    }
    const client = this.#client;
    if (client.isOpen) {
      await client.close?.().catch(() => client.destroy?.());
    } else {
      client.destroy?.();
    }
    await this.#connecting?.catch(() => {});
  }

  // The first call of an owned client waits for its first connection (inside the timeout); after
  // that node-redis reconnects by itself and, with the offline queue off, commands fail at once
  // while it is away.
  #ensureConnected(): Promise<unknown> | undefined {
    if (!this.#owned) return undefined;
    if (this.#connecting === undefined) {
      const attempt = this.#client.connect?.();
      this.#connecting = attempt;
      attempt?.catch(() => {
        if (this.#connecting === attempt) this.#connecting = undefined;
      });
    }
    return this.#connecting;
  }

  #succeeded(): void {
    this.#failures = 0;
    if (this.#downSince === undefined) return;
    this.#downSince = undefined;
    this.#onWarning?.('Redis is reachable again: shared state resumes.');
    this.#notify();
  }

  #notify(): void {
    const status = this.status();
    for (const watcher of [...this.#watchers]) {
      try {
        watcher(status);
      } catch {
        // A watcher's failure is its own; the connection goes on.
      }
    }
  }

  #failed(error: unknown): void {
    this.#lastError = redactUrl(error instanceof Error ? error.message : String(error));
    this.#failures += 1;
    if (this.#failures >= this.#threshold) {
      if (this.#downSince === undefined) {
        this.#downSince = Date.now();
        this.#onWarning?.(`Redis unavailable (${this.#lastError}): serving from local state.`);
        this.#notify();
      }
      this.#openUntil = Date.now() + this.#cooldownMs;
    }
  }
}

/** `redis <host>:<port>` of a URL, never its credentials. */
function nameOf(url: string | undefined): string {
  try {
    const parsed = new URL(url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    return `redis ${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number, got ${value}.`);
  }
  return value;
}
