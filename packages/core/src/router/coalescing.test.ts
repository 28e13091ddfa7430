import { setTimeout as sleep } from 'node:timers/promises';
import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import { createRouter, type Router } from './router.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'The same question' }] };

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
  vi.useRealTimers();
});

const outcome = (p: Promise<{ text: string }>) =>
  p.then(
    (r) => ({ text: r.text }),
    (error: unknown) => ({
      kind: SwitchyardError.isInstance(error) ? error.kind : String(error),
    }),
  );

describe('coalesced waiters', () => {
  it("each keep their own deadline: the first caller's timeout does not end the others", async () => {
    vi.useFakeTimers();
    const provider = createMockProvider({ id: 'm', latencyMs: 400, rules: [{ reply: 'answer' }] });
    router = createRouter({
      providers: [provider],
      defaultModel: 'm:x',
      cache: {},
      prices: { 'm:x': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
    const settled: string[] = [];
    const a = outcome(router.chat({ ...ask, timeoutMs: 100 })).then((r) => {
      settled.push('a');
      return r;
    });
    await vi.advanceTimersByTimeAsync(10);
    const b = outcome(router.chat(ask)).then((r) => {
      settled.push('b');
      return r;
    });
    await vi.advanceTimersByTimeAsync(150);
    // A's own limit has passed; B, with none, is still waiting for the shared call.
    expect(settled).toEqual(['a']);
    expect(await a).toMatchObject({ kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(300);
    expect(await b).toMatchObject({ text: 'answer' });
    expect(provider.calls).toHaveLength(1);
  });

  it('end the shared call once the last of them has timed out', async () => {
    const provider = createMockProvider({ id: 'm', latencyMs: 400, rules: [{ reply: 'answer' }] });
    router = createRouter({
      providers: [provider],
      defaultModel: 'm:x',
      cache: {},
      prices: { 'm:x': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
    const a = outcome(router.chat({ ...ask, timeoutMs: 50 }));
    const b = outcome(router.chat({ ...ask, timeoutMs: 100 }));
    expect(await Promise.all([a, b])).toMatchObject([{ kind: 'timeout' }, { kind: 'timeout' }]);
    await sleep(5);
    expect(provider.calls[0]?.outcome).toBe('aborted');
  });
});
