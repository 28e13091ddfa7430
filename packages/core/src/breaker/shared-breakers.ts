import { randomUUID } from 'node:crypto';
import type { BreakerStateChange, BreakerStateStore } from './breaker-state-store.js';
import type { BreakerState, ProviderBreaker } from './circuit-breaker.js';

/**
 * Links one router's breakers to a {@link BreakerStateStore}: a breaker that opens here is
 * published; an opening published elsewhere opens the breaker here (it then goes half-open and
 * closes through its own trials). Store failures are reported through `warn` and otherwise ignored.
 */
export class SharedBreakers {
  readonly origin = randomUUID();
  readonly #store: BreakerStateStore;
  readonly #lookup: (candidate: string) => ProviderBreaker | undefined;
  readonly #warn: (message: string) => void;
  readonly #unsubscribe: () => void;

  constructor(
    store: BreakerStateStore,
    lookup: (candidate: string) => ProviderBreaker | undefined,
    warn: (message: string) => void,
  ) {
    this.#store = store;
    this.#lookup = lookup;
    this.#warn = warn;
    this.#unsubscribe = store.subscribe((change) => this.#received(change));
  }

  /** Called on every local state change; publishes openings that were not a peer's. */
  changed(breaker: ProviderBreaker, to: BreakerState, now: number): void {
    if (to !== 'open' || breaker.openedByPeer) return;
    const change: BreakerStateChange = {
      candidate: breaker.candidate,
      state: 'open',
      at: now,
      origin: this.origin,
    };
    try {
      const sent = this.#store.publish(change);
      if (sent instanceof Promise) sent.catch((error) => this.#failed(error));
    } catch (error) {
      this.#failed(error);
    }
  }

  close(): void {
    this.#unsubscribe();
  }

  #received(change: BreakerStateChange): void {
    if (change.origin === this.origin || change.state !== 'open') return;
    this.#lookup(change.candidate)?.openFromPeer();
  }

  #failed(error: unknown): void {
    this.#warn(`The breaker-state store failed; breakers stay local: ${String(error)}`);
  }
}
