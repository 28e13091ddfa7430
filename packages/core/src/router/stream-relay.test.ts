import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Provider, ProviderStreamPart } from '../provider/provider.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { ZERO_USAGE } from '../provider/usage.js';
import type { SpanLike, TracerLike } from '../telemetry/telemetry.js';
import { createRouter, type Router } from './router.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'Think, then answer.' }] };
const free = { inputPerMTok: 0, outputPerMTok: 0 };

/** A provider that streams `parts`, waiting `gaps[i]` ms before part `i`. */
function scripted(id: string, parts: readonly unknown[], gaps: readonly number[]): Provider {
  return {
    specificationVersion: 'v1',
    id,
    chat: () => Promise.reject(new Error('not used')),
    async *stream() {
      for (let i = 0; i < parts.length; i++) {
        await sleep(gaps[i] ?? 0);
        yield parts[i] as ProviderStreamPart;
      }
    },
  };
}

const finish = { type: 'finish', finishReason: 'stop', usage: ZERO_USAGE };

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

describe('time to first token', () => {
  it('is recorded per stream attempt, in the trace, the statistics and on the span', async () => {
    const attributes = new Map<string, unknown>();
    const span = (): SpanLike => ({
      setAttribute: (key, value) => attributes.set(key, value),
      setStatus: () => {},
      recordException: () => {},
      end: () => {},
    });
    const tracer: TracerLike = { startSpan: span };
    router = createRouter({
      providers: [scripted('slow', [{ type: 'text-delta', text: 'Hi' }, finish], [80, 80])],
      defaultModel: 'slow:m',
      prices: { 'slow:m': free },
      telemetry: { tracer },
    });
    let response: Extract<StreamEvent, { type: 'finish' }>['response'] | undefined;
    for await (const e of router.stream(ask)) if (e.type === 'finish') response = e.response;
    const attempt = response?.route.attempts[0];
    // The first part came after about 80 ms; the whole stream took about 160.
    expect(attempt?.timeToFirstTokenMs).toBeGreaterThanOrEqual(70);
    expect(attempt?.timeToFirstTokenMs).toBeLessThan(attempt?.latencyMs ?? 0);
    const seconds = attributes.get('gen_ai.client.operation.time_to_first_chunk') as number;
    expect(seconds * 1000).toBeCloseTo(attempt?.timeToFirstTokenMs ?? 0, 3);
    const stats = router.stats();
    expect(stats.total.timeToFirstToken.count).toBe(1);
    expect(stats.total.timeToFirstToken.p50).toBeGreaterThanOrEqual(70);
    expect(stats.total.timeToFirstToken.p50).toBeLessThan(stats.total.latency.p50);
    expect(stats.byModel['slow:m']?.timeToFirstToken.count).toBe(1);
  });

  it('is not recorded for chat', async () => {
    router = createRouter({
      providers: [
        {
          ...scripted('p', [], []),
          chat: async () => ({
            text: 'ok',
            toolCalls: [],
            finishReason: 'stop',
            usage: ZERO_USAGE,
          }),
        },
      ],
      defaultModel: 'p:m',
      prices: { 'p:m': free },
    });
    const answer = await router.chat(ask);
    expect(answer.route.attempts[0]?.timeToFirstTokenMs).toBeUndefined();
    expect(router.stats().total.timeToFirstToken.count).toBe(0);
  });
});

describe('the relay', () => {
  it('passes on part types it does not know, and counts each as progress', async () => {
    // Reasoning parts 60 ms apart, longer in all than the idle limit, then the text.
    const thinking = Array.from({ length: 5 }, (_, i) => ({
      type: 'reasoning-delta',
      text: `step ${i} `,
    }));
    router = createRouter({
      providers: [
        scripted(
          'r',
          [...thinking, { type: 'text-delta', text: 'Answer.' }, finish],
          [60, 60, 60, 60, 60, 60, 0],
        ),
      ],
      defaultModel: 'r:m',
      prices: { 'r:m': free },
      attemptTimeoutMs: 100,
      streamIdleTimeoutMs: 100,
    });
    const events: StreamEvent[] = [];
    for await (const e of router.stream(ask)) events.push(e);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      ...Array(5).fill('reasoning-delta'),
      'text-delta',
      'finish',
    ]);
    expect(events[1]).toEqual({ type: 'reasoning-delta', text: 'step 0 ' });
    const done = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(done.response.text).toBe('Answer.');
  });
});
