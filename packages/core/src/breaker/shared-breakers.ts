import { randomUUID } from 'node:crypto';
import type { BreakerStateChange, BreakerStateStore, TrialLease } from './breaker-state-store.js';
import type { BreakerState, ProviderBreaker } from './circuit-breaker.js';

/**
 * Links one router's breakers to a {@link BreakerStateStore}: a breaker that opens here is
 * published; an opening published elsewhere opens the breaker here (it then goes half-open and
 * closes through its own trials). With a store that has `claimTrial`, a breaker going half-open
 * admits no trial until it holds the fleet's trial slot; when another instance holds it, the
 * breaker opens again and waits. Store failures are reported through `warn` and otherwise ignored.
 */
export class SharedBreakers {
  readonly origin = randomUUID();
  readonly #store: BreakerStateStore;
  readonly #lookup: (candidate: string) => ProviderBreaker | undefined;
  readonly #warn: (message: string) => void;
  readonly #unsubscribe: () => void;
  /** Per candidate: the lease held (or the claim in flight) while its breaker is half-open. */
  readonly #leases = new Map<string, Promise<TrialLease | undefined>>();

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
    this.#releaseTrial(breaker);
    if (to === 'half-open') this.#claimTrial(breaker);
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
    for (const held of this.#leases.values()) release(held);
    this.#leases.clear();
  }

  // Admits no trial until the claim resolves (the store's round trip); the claim counts only if
  // the breaker is still in the same half-open period by then.
  #claimTrial(breaker: ProviderBreaker): void {
    const claim = this.#store.claimTrial;
    if (claim === undefined) return;
    breaker.trialsAllowed = false;
    let claimed: Promise<TrialLease | undefined>;
    try {
      claimed = claim.call(this.#store, breaker.candidate);
    } catch (error) {
      claimed = Promise.reject(error);
    }
    const held = claimed.then(
      (lease) => lease,
      (error: unknown) => {
        this.#warn(
          `The breaker-state store failed to claim a trial; trials stay local: ${String(error)}`,
        );
        return { release() {} };
      },
    );
    this.#leases.set(breaker.candidate, held);
    void held.then((lease) => {
      // The breaker moved on meanwhile: whoever removed the claim releases it.
      if (this.#leases.get(breaker.candidate) !== held) return;
      if (lease !== undefined) {
        breaker.trialsAllowed = true;
        return;
      }
      this.#leases.delete(breaker.candidate);
      breaker.trialsAllowed = true;
      breaker.openFromPeer(); // another instance runs the trials: wait another reset timeout
    });
  }

  #releaseTrial(breaker: ProviderBreaker): void {
    breaker.trialsAllowed = true;
    const held = this.#leases.get(breaker.candidate);
    if (held === undefined) return;
    this.#leases.delete(breaker.candidate);
    release(held);
  }

  #received(change: BreakerStateChange): void {
    if (change.origin === this.origin || change.state !== 'open') return;
    this.#lookup(change.candidate)?.openFromPeer();
  }

  #failed(error: unknown): void {
    this.#warn(`The breaker-state store failed; breakers stay local: ${String(error)}`);
  }
}

function release(held: Promise<TrialLease | undefined>): void {
  held.then((lease) => lease?.release()).catch(() => {});
}
