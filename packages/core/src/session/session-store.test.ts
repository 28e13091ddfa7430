import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemorySessionStore, type SessionState } from './session-store.js';

const state = (provider: string): SessionState => ({
  provider,
  candidate: `${provider}:m`,
  category: 'coding',
  switches: 0,
  updatedAt: 0,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('memory session store', () => {
  it('forgets a session after its TTL of inactivity, and reading refreshes it', () => {
    vi.useFakeTimers();
    const store = createMemorySessionStore();
    store.set('s1', state('openai'), 1_000);
    vi.advanceTimersByTime(900);
    expect(store.get('s1')?.provider).toBe('openai'); // refreshes the age
    vi.advanceTimersByTime(900);
    expect(store.get('s1')?.provider).toBe('openai');
    vi.advanceTimersByTime(1_001);
    expect(store.get('s1')).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is bounded: the least recently used sessions go first', () => {
    const store = createMemorySessionStore({ maxSessions: 2 });
    store.set('a', state('x'), 60_000);
    store.set('b', state('y'), 60_000);
    store.get('a');
    store.set('c', state('z'), 60_000);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')?.provider).toBe('x');
    expect(store.size).toBe(2);
  });

  it('deletes and clears', () => {
    const store = createMemorySessionStore();
    store.set('a', state('x'), 60_000);
    store.delete('a');
    expect(store.get('a')).toBeUndefined();
    store.set('b', state('x'), 60_000);
    store.close?.();
    expect(store.size).toBe(0);
  });
});
