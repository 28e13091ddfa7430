import { abortErrorFrom } from '../errors/abort-error.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';

/** Something a caller's abort ends: a request in flight, or one caller waiting for a shared call. */
export interface Cancellable {
  cancel(error: SwitchyardError): void;
}

/** The one listener a router keeps on one caller signal, and who it cancels. */
class SignalEntry {
  // Most signals serve one request: the first member is kept apart, a set only for the others.
  first: Cancellable | undefined = undefined;
  rest: Set<Cancellable> | undefined = undefined;
  readonly listener: () => void;

  constructor(readonly signal: AbortSignal) {
    this.listener = () => this.fire();
  }

  private fire(): void {
    const error = abortErrorFrom(this.signal);
    const members = this.rest === undefined ? [] : [...this.rest];
    if (this.first !== undefined) members.unshift(this.first);
    for (const member of members) member.cancel(error);
  }
}

/**
 * The router's listeners on its callers' `AbortSignal`s: one per signal, however many requests
 * share it. A host that passes one signal to many concurrent requests (a page's or a job's
 * signal) would otherwise get one listener per request, and Node warns
 * (`MaxListenersExceededWarning`) past ten. The listener is removed when the signal's last request
 * ends, so nothing of the router stays on the caller's signal.
 */
export class SignalListeners {
  private readonly entries = new WeakMap<AbortSignal, SignalEntry>();

  /** Makes `member` cancelled when `signal` aborts. The caller checks `signal.aborted` first. */
  add(signal: AbortSignal, member: Cancellable): void {
    let entry = this.entries.get(signal);
    if (entry === undefined) {
      entry = new SignalEntry(signal);
      entry.first = member;
      this.entries.set(signal, entry);
      signal.addEventListener('abort', entry.listener, { once: true });
      return;
    }
    if (entry.first === undefined) {
      entry.first = member;
      return;
    }
    if (entry.rest === undefined) entry.rest = new Set();
    entry.rest.add(member);
  }

  /** Forgets `member`; the signal's listener goes with its last member. */
  remove(signal: AbortSignal, member: Cancellable): void {
    const entry = this.entries.get(signal);
    if (entry === undefined) return;
    if (entry.first === member) entry.first = undefined;
    else entry.rest?.delete(member);
    if (entry.first !== undefined || (entry.rest !== undefined && entry.rest.size > 0)) return;
    this.entries.delete(signal);
    signal.removeEventListener('abort', entry.listener);
  }
}
