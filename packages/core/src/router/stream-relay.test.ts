import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Provider, ProviderStreamPart } from '../provider/provider.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { ZERO_USAGE } from '../provider/usage.js';
import type { SpanLike, TracerLike } from '../telemetry/telemetry.js';
import { createRouter, type Router } from './router.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'Think, then answer.' }] };
const free = { inputPerMTok: 0, outputPerMTok: 0 };

// The router's clock and the providers' waits both run on fake timers: the times are exact.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads a stream to its end while the fake clock runs. */
async function drain(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const reading = (async () => {
    for await (const e of stream) events.push(e);
  })();
  await vi.advanceTimersByTimeAsync(2_000);
  await reading;
  return events;
}

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
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await router?.close();
  router = undefined;
  vi.useRealTimers();
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
    const events = await drain(router.stream(ask));
    const done = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    const attempt = done.response.route.attempts[0];
    // The first part came after 80 ms; the whole stream took 160.
    expect(attempt?.timeToFirstTokenMs).toBe(80);
    expect(attempt?.latencyMs).toBe(160);
    expect(attributes.get('gen_ai.client.operation.time_to_first_chunk')).toBe(0.08);
    const stats = router.stats();
    expect(stats.total.timeToFirstToken.count).toBe(1);
    // Histogram buckets are within about 4 % of the value.
    expect(stats.total.timeToFirstToken.p50).toBeGreaterThan(76);
    expect(stats.total.timeToFirstToken.p50).toBeLessThan(84);
    expect(stats.total.latency.p50).toBeGreaterThan(150);
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
    const events = await drain(router.stream(ask));
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
