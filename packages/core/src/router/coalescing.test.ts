import { setTimeout as sleep } from 'node:timers/promises';
import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ChatRequest } from '../provider/chat-request.js';
import { createRouter, type Router } from './router.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'The same question' }] };

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

const outcome = (p: Promise<{ text: string }>) =>
  p.then(
    (r) => ({ text: r.text, at: performance.now() }),
    (error: unknown) => ({
      kind: SwitchyardError.isInstance(error) ? error.kind : String(error),
      at: performance.now(),
    }),
  );

describe('coalesced waiters', () => {
  it("each keep their own deadline: the first caller's timeout does not end the others", async () => {
    const provider = createMockProvider({ id: 'm', latencyMs: 400, rules: [{ reply: 'answer' }] });
    router = createRouter({
      providers: [provider],
      defaultModel: 'm:x',
      cache: {},
      prices: { 'm:x': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
    const t0 = performance.now();
    const a = outcome(router.chat({ ...ask, timeoutMs: 100 }));
    await sleep(10);
    const b = outcome(router.chat(ask));
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toMatchObject({ kind: 'timeout' });
    expect(ra.at - t0).toBeLessThan(300);
    expect(rb).toMatchObject({ text: 'answer' });
    expect(rb.at - t0).toBeGreaterThanOrEqual(390);
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
