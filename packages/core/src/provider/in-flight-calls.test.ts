import { describe, expect, it } from 'vitest';
import { InFlightCalls } from './in-flight-calls.js';

describe('InFlightCalls', () => {
  it("links each call's signal to the caller's", () => {
    const calls = new InFlightCalls();
    const caller = new AbortController();
    const call = calls.begin(caller.signal);
    expect(calls.size).toBe(1);
    caller.abort(new Error('stop'));
    expect(call.signal.aborted).toBe(true);
    expect((call.signal.reason as Error).message).toBe('stop');
    call.end();
    expect(calls.size).toBe(0);
  });

  it('starts aborted for an aborted caller and works without a caller signal', () => {
    const calls = new InFlightCalls();
    expect(calls.begin(AbortSignal.abort()).signal.aborted).toBe(true);
    expect(calls.begin(undefined).signal.aborted).toBe(false);
  });

  it('aborts every call in flight on abortAll and stops listening after end()', () => {
    const calls = new InFlightCalls();
    const caller = new AbortController();
    const first = calls.begin(caller.signal);
    const second = calls.begin(undefined);
    const done = calls.begin(caller.signal);
    done.end();
    calls.abortAll(new Error('closed'));
    expect(first.signal.aborted && second.signal.aborted).toBe(true);
    expect(done.signal.aborted).toBe(false);
    caller.abort();
    expect(done.signal.aborted).toBe(false);
    expect(calls.size).toBe(0);
  });
});
