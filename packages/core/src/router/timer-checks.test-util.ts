import { expect, vi } from 'vitest';

/**
 * Under fake timers: asserts that nothing is left behind but, at most, the router's deadline timer
 * (armed for a wait that has already ended, unreferenced), and that it goes away once it fires
 * with nothing left to expire. A leaked sleep, chunk or attempt timer makes the first check fail.
 */
export async function expectNoTimersLeft(): Promise<void> {
  expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
  await vi.runOnlyPendingTimersAsync();
  expect(vi.getTimerCount()).toBe(0);
}
