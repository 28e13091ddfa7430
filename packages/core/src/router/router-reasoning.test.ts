import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assistantMessage } from '../provider/assistant-message.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { StreamEvent } from '../provider/stream-event.js';
import { createRouter, type Router } from './router.js';

// Reasoning models through the router: reasoning deltas apart from the text (and counted as
// progress by the stream timeouts), reasoning and vendor state on the response, continuation
// state kept for its own vendor and dropped (with a trace step) when a fallback moves the
// conversation to another vendor, usage fields and per-request charges in the cost.

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'What is 17 times 23?' }],
  ...extra,
});

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
  vi.useRealTimers();
});

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('reasoning', () => {
  it('streams reasoning as reasoning-delta events, apart from the text, and puts it on the response', async () => {
    const thinker = createMockProvider({
      id: 'thinker',
      rules: [{ reply: { reasoning: '17 times 20 is 340, plus 51.', text: '391' } }],
    });
    router = createRouter({ providers: [thinker], defaultModel: 'thinker:r1' });
    const events = await collect(router.stream(ask()));
    const reasoning = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : []));
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));
    expect(reasoning.join('')).toBe('17 times 20 is 340, plus 51.');
    expect(text.join('')).toBe('391');
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.type).toBe('finish');
    expect(finish.response.text).toBe('391');
    expect(finish.response.reasoning).toBe('17 times 20 is 340, plus 51.');
  });

  it('counts reasoning chunks as progress: a long think trips neither the attempt nor the idle timeout', async () => {
    vi.useFakeTimers();
    const thinker = createMockProvider({
      id: 'thinker',
      chunkDelayMs: 50,
      rules: [{ reply: { reasoning: 'step '.repeat(12), text: 'done' } }],
    });
    router = createRouter({
      providers: [thinker],
      defaultModel: 'thinker:r1',
      retry: { maxRetries: 0 },
      attemptTimeoutMs: 300,
      streamIdleTimeoutMs: 100,
    });
    const result = collect(router.stream(ask()));
    await vi.advanceTimersByTimeAsync(1_000);
    const events = await result;
    expect(events.filter((e) => e.type === 'reasoning-delta')).toHaveLength(12);
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.response.text).toBe('done');
  });

  it('passes reasoning, continuation and provider metadata through chat()', async () => {
    const continuation = { vendor: 'thinker', data: { blocks: ['signed'] } };
    const thinker = createMockProvider({
      id: 'thinker',
      rules: [
        {
          reply: {
            reasoning: 'hmm',
            text: '391',
            continuation,
            providerMetadata: { thinker: { citations: [{ url: 'https://example.com' }] } },
          },
        },
      ],
    });
    router = createRouter({ providers: [thinker], defaultModel: 'thinker:r1' });
    const answer = await router.chat(ask());
    expect(answer.reasoning).toBe('hmm');
    expect(answer.continuation).toEqual(continuation);
    expect(answer.providerMetadata).toEqual({
      thinker: { citations: [{ url: 'https://example.com' }] },
    });
    expect(assistantMessage(answer)).toEqual({ role: 'assistant', content: '391', continuation });
  });

  it('never caches reasoning into the text: a cached replay has the answer only', async () => {
    const thinker = createMockProvider({
      id: 'thinker',
      rules: [{ reply: { reasoning: 'thinking hard', text: '391' } }],
    });
    router = createRouter({ providers: [thinker], defaultModel: 'thinker:r1', cache: true });
    await collect(router.stream(ask()));
    const hit = await router.chat(ask());
    expect(hit.cached).toBe(true);
    expect(hit.text).toBe('391');
    const replayed = await collect(router.stream(ask()));
    expect(replayed.filter((e) => e.type === 'text-delta').map((e) => e.type)).toHaveLength(1);
    expect(replayed.some((e) => e.type === 'reasoning-delta')).toBe(false);
  });
});

describe('continuation state', () => {
  it('survives the response cache, so a cached answer can continue a tool loop', async () => {
    const continuation = { vendor: 'thinker', data: { blocks: ['signed'] } };
    const call = {
      id: 'call_1',
      name: 'weather',
      arguments: { location: 'SF' },
      continuation: { vendor: 'thinker', data: 'CALL-SIG' },
    };
    const thinker = createMockProvider({
      id: 'thinker',
      rules: [{ reply: { reasoning: 'hmm', toolCalls: [call], continuation } }],
    });
    router = createRouter({ providers: [thinker], defaultModel: 'thinker:r1', cache: true });
    await router.chat(ask());
    const hit = await router.chat(ask());
    expect(hit.cached).toBe(true);
    expect(hit.continuation).toEqual(continuation);
    expect(hit.toolCalls).toEqual([call]);
    expect(hit.reasoning).toBeUndefined();
  });

  const signed = { vendor: 'anthropic', data: { thinking: [{ signature: 'SIG' }] } };
  const conversation: ChatRequest['messages'] = [
    { role: 'user', content: 'Weather in SF?' },
    {
      role: 'assistant',
      content: '',
      continuation: signed,
      toolCalls: [
        {
          id: 'call_1',
          name: 'weather',
          arguments: { location: 'SF' },
          continuation: { vendor: 'anthropic', data: 'CALL-SIG' },
        },
      ],
    },
    { role: 'tool', toolCallId: 'call_1', name: 'weather', content: '{"temp":18}' },
  ];

  it('reaches a provider of the vendor that wrote it unchanged', async () => {
    const claude = createMockProvider({
      id: 'claude-eu',
      vendor: 'anthropic',
      rules: [{ reply: 'ok' }],
    });
    router = createRouter({ providers: [claude], defaultModel: 'claude-eu:sonnet' });
    const answer = await router.chat({ messages: conversation });
    expect(claude.calls[0]?.request.messages).toEqual(conversation);
    expect(answer.route.steps.some((s) => s.policy === 'continuation')).toBe(false);
  });

  it('is dropped, with a trace step, when a fallback moves the conversation to another vendor', async () => {
    const claude = createMockProvider({
      id: 'anthropic',
      rules: [{ fail: { kind: 'server', message: 'overloaded' } }],
    });
    const gemini = createMockProvider({ id: 'google', rules: [{ reply: 'It is 18 degrees.' }] });
    router = createRouter({
      providers: [claude, gemini],
      models: { strong: ['anthropic:claude-sonnet-4-5', 'google:gemini-3-pro'] },
      defaultModel: 'strong',
      retry: { maxRetries: 0 },
    });
    const answer = await router.chat({ messages: conversation });
    expect(answer.provider).toBe('google');
    expect(claude.calls[0]?.request.messages).toEqual(conversation);
    const seen = gemini.calls[0]?.request.messages ?? [];
    expect(JSON.stringify(seen)).not.toContain('continuation');
    expect(seen[1]).toEqual({
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'call_1', name: 'weather', arguments: { location: 'SF' } }],
    });
    expect(answer.route.steps).toContainEqual({
      policy: 'continuation',
      verdict: 'filter',
      note: "google:gemini-3-pro: dropped anthropic continuation state (another vendor's)",
    });
  });
});

describe('usage', () => {
  it('keeps every scripted usage field of the mock, so costs count cache writes', async () => {
    const claude = createMockProvider({
      id: 'anthropic',
      rules: [
        {
          reply: {
            text: 'ok',
            usage: {
              inputTokens: 10_000,
              cachedInputTokens: 2_000,
              cacheWriteInputTokens: 3_000,
              outputTokens: 500,
              reasoningTokens: 200,
            },
          },
        },
      ],
    });
    router = createRouter({ providers: [claude], defaultModel: 'anthropic:claude-sonnet-4-5' });
    const answer = await router.chat(ask());
    expect(answer.usage).toMatchObject({ cacheWriteInputTokens: 3_000, reasoningTokens: 200 });
    expect(answer.costUsd).toBeCloseTo(0.03435, 10);
  });

  it('prices billed server-tool requests from the price table', async () => {
    const claude = createMockProvider({
      id: 'anthropic',
      rules: [
        {
          reply: {
            text: 'ok',
            usage: { inputTokens: 0, outputTokens: 0, serverToolRequests: { webSearch: 3 } },
          },
        },
      ],
    });
    router = createRouter({ providers: [claude], defaultModel: 'anthropic:claude-sonnet-4-5' });
    const answer = await router.chat(ask());
    expect(answer.usage.serverToolRequests).toEqual({ webSearch: 3 });
    expect(answer.costUsd).toBeCloseTo(0.03, 10);
  });
});
