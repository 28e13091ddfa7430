import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Clock, systemClock } from './clock.js';
import { DeadlineQueue } from './deadline-queue.js';

afterEach(() => {
  vi.useRealTimers();
});

/** The system clock, remembering the handles it hands out. */
function recordingClock(): Clock & { handles: NodeJS.Timeout[] } {
  const handles: NodeJS.Timeout[] = [];
  return {
    handles,
    now: () => Date.now(),
    setTimeout: (callback, ms) => {
      const handle = setTimeout(callback, ms);
      handles.push(handle);
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

describe('DeadlineQueue', () => {
  it('expires a wait when its time has passed, not before', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const expired: string[] = [];
    queue.add(1_000, () => expired.push('a'));
    vi.advanceTimersByTime(999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    expect(queue.pending).toBe(0);
  });

  it('never expires a settled wait, and settling twice is harmless', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const expired: string[] = [];
    const a = queue.add(100, () => expired.push('a'));
    queue.add(200, () => expired.push('b'));
    queue.settle(a);
    queue.settle(a);
    expect(queue.pending).toBe(1);
    vi.advanceTimersByTime(500);
    expect(expired).toEqual(['b']);
    expect(queue.pending).toBe(0);
  });

  it('keeps one timer for many waits and expires them in deadline order', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const expired: number[] = [];
    for (const ms of [300, 100, 200, 100, 50]) queue.add(ms, () => expired.push(ms));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual([50, 100, 100]);
    vi.advanceTimersByTime(200);
    expect(expired).toEqual([50, 100, 100, 200, 300]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms for a wait that ends sooner than the armed one', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const expired: string[] = [];
    queue.add(60_000, () => expired.push('long'));
    queue.add(10, () => expired.push('short'));
    vi.advanceTimersByTime(10);
    expect(expired).toEqual(['short']);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('expires equal deadlines first in, first out', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const expired: number[] = [];
    for (let i = 0; i < 20; i++) queue.add(100, () => expired.push(i));
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('accepts a new wait from inside an expiry', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const expired: string[] = [];
    queue.add(100, () => {
      expired.push('first');
      queue.add(100, () => expired.push('second'));
    });
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['first']);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['first', 'second']);
  });

  it("lets go of a settled wait's callback, which may hold a whole request", () => {
    const queue = new DeadlineQueue(systemClock);
    const entry = queue.add(60_000, () => undefined);
    expect(entry.expire).toBeTypeOf('function');
    queue.settle(entry);
    expect(entry.expire).toBeUndefined();
    queue.close();
  });

  it('stays near the number of waits in flight however many have come and gone', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const held = Array.from({ length: 10 }, () => queue.add(60_000, () => undefined));
    for (let i = 0; i < 10_000; i++) queue.settle(queue.add(60_000, () => undefined));
    expect(queue.pending).toBe(10);
    expect(queue.size).toBeLessThanOrEqual(2 * 10 + 33);
    for (const entry of held) queue.settle(entry);
    expect(queue.pending).toBe(0);
  });

  it('does not keep the process alive while nothing waits', () => {
    const clock = recordingClock();
    const queue = new DeadlineQueue(clock);
    const entry = queue.add(60_000, () => undefined);
    const timer = clock.handles[0];
    expect(timer?.hasRef()).toBe(true);
    queue.settle(entry);
    expect(timer?.hasRef()).toBe(false);
    const again = queue.add(60_000, () => undefined);
    expect(clock.handles).toHaveLength(1);
    expect(timer?.hasRef()).toBe(true);
    queue.settle(again);
    queue.close();
    expect(clock.handles).toHaveLength(1);
  });

  it('drops every wait and the timer on close, expiring none', () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    const expired: string[] = [];
    queue.add(100, () => expired.push('a'));
    queue.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([]);
    expect(queue.pending).toBe(0);
  });

  it('follows the system clock from fake timers back to real ones', async () => {
    vi.useFakeTimers();
    const queue = new DeadlineQueue(systemClock);
    // Armed on the fake clock for 1 ms from now: a later wait alone would not re-arm it.
    queue.settle(queue.add(1, () => undefined));
    vi.useRealTimers();
    const expired = await new Promise<boolean>((resolve) => {
      queue.add(5, () => resolve(true));
      setTimeout(() => resolve(false), 1_000).unref();
    });
    expect(expired).toBe(true);
    queue.close();
  });
});
