import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import {
  AuthError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../errors/provider-errors.js';
import { normalizeBreakerOptions } from './breaker-options.js';
import { type BreakerState, ProviderBreaker } from './circuit-breaker.js';

let breaker: ProviderBreaker;
let transitions: [BreakerState, BreakerState][];
let rotation: EventEmitter;

function make(options: Parameters<typeof normalizeBreakerOptions>[0] = {}): ProviderBreaker {
  rotation = new EventEmitter();
  transitions = [];
  breaker = new ProviderBreaker(
    'openai:gpt-4o',
    normalizeBreakerOptions(options),
    rotation,
    (from, to) => {
      transitions.push([from, to]);
    },
  );
  return breaker;
}

const ok = () => Promise.resolve('ok');
const fail = (error: Error) => () => Promise.reject(error);
const server = new ServerError('openai 503', { status: 503 });

async function run(work: () => Promise<unknown>): Promise<'refused' | 'ok' | 'failed'> {
  const pending = breaker.tryRun(work);
  if (pending === undefined) return 'refused';
  return pending.then(
    () => 'ok',
    () => 'failed',
  );
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  breaker.shutdown();
  vi.useRealTimers();
});

describe('ProviderBreaker (consecutive mode, seed defaults)', () => {
  it('opens after 5 consecutive vendor failures, not before', async () => {
    make();
    for (let i = 0; i < 4; i++) expect(await run(fail(server))).toBe('failed');
    expect(breaker.health().state).toBe('closed');
    expect(breaker.health().consecutiveFailures).toBe(4);
    expect(await run(fail(new TimeoutError('slow', { scope: 'attempt' })))).toBe('failed');
    expect(breaker.health()).toMatchObject({ state: 'open', opens: 1 });
    expect(transitions).toEqual([['closed', 'open']]);
  });

  it('resets the count on a success', async () => {
    make();
    for (let i = 0; i < 4; i++) await run(fail(server));
    await run(ok);
    for (let i = 0; i < 4; i++) await run(fail(server));
    expect(breaker.health().state).toBe('closed');
  });

  it('fails fast while open: no call is made', async () => {
    make();
    for (let i = 0; i < 5; i++) await run(fail(server));
    const work = vi.fn(ok);
    expect(await run(work)).toBe('refused');
    expect(work).not.toHaveBeenCalled();
    expect(breaker.refusing).toBe(true);
  });

  it('goes half-open after 60 s and reports when it will next try', async () => {
    make();
    for (let i = 0; i < 5; i++) await run(fail(server));
    const { openedAt, nextAttemptAt } = breaker.health();
    expect(nextAttemptAt).toBe((openedAt as number) + 60_000);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(breaker.health().state).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(breaker.health().state).toBe('half-open');
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
    ]);
  });

  it('admits at most 3 trial calls while half-open', async () => {
    make();
    for (let i = 0; i < 5; i++) await run(fail(server));
    await vi.advanceTimersByTimeAsync(60_000);
    const never = () => new Promise<never>(() => {});
    const admitted = [never, never, never, never].map((w) => breaker.tryRun(w));
    expect(admitted.map((p) => p !== undefined)).toEqual([true, true, true, false]);
    expect(breaker.health().halfOpen).toEqual({ trials: 3, successes: 0 });
  });

  it('closes after 2 successful trials, not after 1', async () => {
    make();
    for (let i = 0; i < 5; i++) await run(fail(server));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await run(ok)).toBe('ok');
    expect(breaker.health().state).toBe('half-open');
    expect(await run(ok)).toBe('ok');
    expect(breaker.health().state).toBe('closed');
    expect(transitions.at(-1)).toEqual(['half-open', 'closed']);
    expect(breaker.health().consecutiveFailures).toBe(0);
  });

  it('opens again on a failure in half-open', async () => {
    make();
    for (let i = 0; i < 5; i++) await run(fail(server));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await run(ok)).toBe('ok');
    expect(await run(fail(new RateLimitError('429')))).toBe('failed');
    expect(breaker.health()).toMatchObject({ state: 'open', opens: 2 });
    expect(transitions.at(-1)).toEqual(['half-open', 'open']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(breaker.health().state).toBe('half-open');
  });

  it('does not count failures caused by the request, the key or the caller', async () => {
    make();
    const neutral = [
      new InvalidRequestError('400'),
      new AuthError('401'),
      new AbortError(),
      new TimeoutError('the caller gave up', { scope: 'total' }),
    ];
    for (let i = 0; i < 10; i++)
      expect(await run(fail(neutral[i % neutral.length] as Error))).toBe('failed');
    expect(breaker.health()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('gives a half-open slot back when a trial ends neutrally', async () => {
    make({ halfOpenMaxCalls: 1 });
    for (let i = 0; i < 5; i++) await run(fail(server));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await run(fail(new InvalidRequestError('400')))).toBe('failed');
    expect(breaker.health().state).toBe('half-open');
    expect(await run(ok)).toBe('ok');
  });

  it('honours custom thresholds', async () => {
    make({ failureThreshold: 2, resetTimeoutMs: 1000, successThreshold: 1 });
    await run(fail(server));
    await run(fail(server));
    expect(breaker.health().state).toBe('open');
    await vi.advanceTimersByTimeAsync(1000);
    await run(ok);
    expect(breaker.health().state).toBe('closed');
  });
});

describe('ProviderBreaker (error-rate mode)', () => {
  it('opens when the failure share over the window passes the threshold', async () => {
    make({ mode: 'error-rate', errorThresholdPercentage: 50, volumeThreshold: 4 });
    await run(ok);
    await run(ok);
    await run(fail(server));
    expect(breaker.health().state).toBe('closed'); // 3 calls: below the volume threshold
    await run(fail(server));
    expect(breaker.health().state).toBe('closed'); // 2 of 4 = 50 %: not above 50 %
    await run(fail(server));
    expect(breaker.health().state).toBe('open'); // 3 of 5 = 60 %
  });

  it('forgets old calls as the window rolls', async () => {
    make({
      mode: 'error-rate',
      errorThresholdPercentage: 50,
      volumeThreshold: 2,
      rollingBuckets: 2,
    });
    await run(fail(server));
    rotation.emit('rotate');
    rotation.emit('rotate');
    expect(breaker.health().window.failures).toBe(0);
    await run(ok);
    await run(fail(server));
    expect(breaker.health().state).toBe('closed');
  });
});

describe('ProviderBreaker: neutral outcomes count as neither success nor failure', () => {
  const neutral = [
    new InvalidRequestError('400'),
    new AuthError('401'),
    new AbortError(),
    new TimeoutError('the caller gave up', { scope: 'total' }),
  ];

  it('error-rate mode opens on 6 of 6 vendor failures interleaved with 6 answers of 400', async () => {
    make({ mode: 'error-rate', errorThresholdPercentage: 50, volumeThreshold: 5 });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(await run(fail(new InvalidRequestError('400'))));
      outcomes.push(await run(fail(server)));
    }
    expect(breaker.health()).toMatchObject({ state: 'open', window: { successes: 0 } });
    // Open at the fifth vendor failure (5 of 5 calls that count): everything after is refused.
    expect(outcomes.slice(0, 10).every((o) => o === 'failed')).toBe(true);
    expect(outcomes.slice(10)).toEqual(['refused', 'refused']);
  });

  it('error-rate mode: the window counts neither neutral outcome as a call or a success', async () => {
    make({ mode: 'error-rate', volumeThreshold: 100 });
    for (const error of neutral) await run(fail(error));
    await run(ok);
    await run(fail(server));
    expect(breaker.health().window).toMatchObject({ calls: 2, successes: 1, failures: 1 });
  });

  it('consecutive mode: the window leaves neutral outcomes out too', async () => {
    make();
    for (const error of neutral) await run(fail(error));
    expect(breaker.health().window).toMatchObject({ calls: 0, successes: 0, failures: 0 });
  });
});

describe('ProviderBreaker: half-open counts only the trials it admitted', () => {
  const hang = () => {
    let settle!: { resolve: (v: string) => void; reject: (e: unknown) => void };
    const promise = new Promise<string>((resolve, reject) => {
      settle = { resolve, reject };
    });
    return { work: () => promise, ...settle };
  };

  async function toHalfOpen(stragglers: number) {
    const calls = Array.from({ length: stragglers }, () => hang());
    const pending = calls.map((c) => breaker.tryRun(c.work)?.catch(() => 'failed'));
    for (let i = 0; i < 5; i++) await run(fail(server));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(breaker.health().state).toBe('half-open');
    return { calls, pending };
  }

  it('a call admitted while closed and aborted in half-open frees no trial slot', async () => {
    make();
    const { calls, pending } = await toHalfOpen(1);
    const never = () => new Promise<never>(() => {});
    const trials = [never, never, never].map((w) => breaker.tryRun(w));
    expect(trials.every((p) => p !== undefined)).toBe(true);
    calls[0]?.reject(new AbortError());
    await pending[0];
    expect(breaker.tryRun(never)).toBeUndefined();
    expect(breaker.health().halfOpen).toEqual({ trials: 3, successes: 0 });
  });

  it('two calls admitted while closed that succeed in half-open do not close it', async () => {
    make();
    const { calls, pending } = await toHalfOpen(2);
    calls[0]?.resolve('late');
    calls[1]?.resolve('late');
    expect(await Promise.all(pending)).toEqual(['late', 'late']);
    expect(breaker.health()).toMatchObject({ state: 'half-open', halfOpen: { successes: 0 } });
  });

  it('a call admitted while closed that fails in half-open does not reopen it', async () => {
    make();
    const { calls, pending } = await toHalfOpen(1);
    calls[0]?.reject(server);
    await pending[0];
    expect(breaker.health()).toMatchObject({ state: 'half-open', opens: 1 });
    expect(await run(ok)).toBe('ok');
    expect(await run(ok)).toBe('ok');
    expect(breaker.health().state).toBe('closed');
  });
});
