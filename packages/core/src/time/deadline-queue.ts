import { type Clock, systemClock, type TimerHandle } from './clock.js';

/** One wait with a time limit, registered with a {@link DeadlineQueue}. */
export class Deadline {
  /** Set once the wait has ended, either way; the queue then forgets it. */
  settled = false;
  /** Insertion order, so that equal deadlines expire first-in, first-out. */
  seq = 0;

  constructor(
    /** When the wait expires, on the queue's clock. */
    readonly at: number,
    /**
     * Called once, when `at` has passed and the wait has not been settled. Dropped when the wait
     * settles, so that a settled entry still in the heap holds nothing of the request.
     */
    public expire: (() => void) | undefined,
  ) {}
}

// Settled entries stay in the heap until they reach its top; past this many of them (and more than
// there are live ones) the heap is rebuilt without them, so it stays near the number in flight.
const COMPACT_SLACK = 32;

/**
 * Every time limit of one router behind a single timer. Waits are added to a min-heap by deadline;
 * the timer is armed for the earliest one and re-armed when it fires. Ending a wait only marks it
 * settled, so a request that finishes in time costs no timer call at all (a Node timer set and
 * cleared per attempt costs more than the rest of the attempt's bookkeeping).
 *
 * While nothing is waiting, the armed timer is unreferenced (when the clock's handles support
 * `unref`), so an idle router does not keep the process alive.
 */
export class DeadlineQueue {
  private heap: Deadline[] = [];
  private live = 0;
  private seq = 0;
  private timer: TimerHandle | undefined;
  private armedAt = Number.POSITIVE_INFINITY;
  private referenced = false;
  /** The global `setTimeout` the timer was armed with, for the system clock (see `add`). */
  private armedWith: unknown;

  constructor(private readonly clock: Clock) {}

  /** The current time on the queue's clock. */
  now(): number {
    return this.clock.now();
  }

  /** Waits in the queue, settled ones included (for tests). */
  get size(): number {
    return this.heap.length;
  }

  /** Waits not yet settled. */
  get pending(): number {
    return this.live;
  }

  /** Starts a wait that expires `ms` from now. */
  add(ms: number, expire: () => void): Deadline {
    const entry = new Deadline(this.clock.now() + ms, expire);
    entry.seq = this.seq++;
    this.push(entry);
    this.live += 1;
    if (
      entry.at < this.armedAt ||
      // The system clock looks timers up at call time: a timer armed before `vi.useFakeTimers()`
      // (or after it, before `vi.useRealTimers()`) would never fire on the clock now in use.
      (this.clock === systemClock && this.armedWith !== globalThis.setTimeout)
    ) {
      this.arm(entry.at);
    } else if (!this.referenced) {
      this.setReferenced(true);
    }
    if (this.heap.length > 2 * this.live + COMPACT_SLACK) this.compact();
    return entry;
  }

  /** Ends a wait before its deadline. Settling twice is harmless. */
  settle(entry: Deadline): void {
    if (entry.settled) return;
    entry.settled = true;
    entry.expire = undefined;
    this.live -= 1;
    if (this.live === 0) this.setReferenced(false);
  }

  /** Drops every wait (without expiring it) and the timer. */
  close(): void {
    this.disarm();
    for (const entry of this.heap) {
      entry.settled = true;
      entry.expire = undefined;
    }
    this.heap = [];
    this.live = 0;
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    this.referenced = false;
    const now = this.clock.now();
    for (let top = this.heap[0]; top !== undefined; top = this.heap[0]) {
      if (!top.settled && top.at > now) break;
      this.pop();
      if (top.settled) continue;
      const expire = top.expire;
      top.settled = true;
      top.expire = undefined;
      this.live -= 1;
      expire?.();
    }
    const next = this.heap[0];
    if (next !== undefined && this.timer === undefined) this.arm(next.at);
  }

  private arm(at: number): void {
    this.disarm();
    this.armedAt = at;
    this.armedWith = globalThis.setTimeout;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, at - this.clock.now()));
    this.referenced = true;
    if (this.live === 0) this.setReferenced(false);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    this.referenced = false;
  }

  private setReferenced(on: boolean): void {
    const handle = this.timer as { ref?: () => void; unref?: () => void } | undefined;
    if (handle === undefined || this.referenced === on) return;
    this.referenced = on;
    if (on) handle.ref?.();
    else handle.unref?.();
  }

  private compact(): void {
    const kept = this.heap.filter((entry) => !entry.settled);
    this.heap = kept;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private push(entry: Deadline): void {
    const heap = this.heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Deadline;
      if (!earlier(entry, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop() as Deadline;
    if (heap.length === 0) return;
    heap[0] = last;
    this.down(0);
  }

  private down(start: number): void {
    const heap = this.heap;
    const entry = heap[start] as Deadline;
    const n = heap.length;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && earlier(heap[right] as Deadline, heap[child] as Deadline)) child = right;
      const below = heap[child] as Deadline;
      if (!earlier(below, entry)) break;
      heap[i] = below;
      i = child;
    }
    heap[i] = entry;
  }
}

function earlier(a: Deadline, b: Deadline): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
