import { createRouter, type Router, type StreamEvent } from '@switchyard/core';
import { drainStream, type FakeServer, startFakeOpenAI } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

// Reasoning and the answers chat-completions servers send beside OpenAI's own, replayed as
// recorded through the real SDK and the fake server: reasoning text (`reasoning_content`,
// `reasoning`), reasoning tokens counted beside completion tokens (xAI), streamed refusals, and
// Azure's opening chunk with empty choices, id and model.

let server: FakeServer;
let router: Router | undefined;
const signal = () => ({ signal: new AbortController().signal });
const messages = [{ role: 'user' as const, content: 'What is 17 times 23?' }];
const jsonHeaders = { headers: { 'content-type': 'application/json' } };
const streamHeaders = { headers: { 'content-type': 'text/event-stream' } };
const sse = (...frames: unknown[]) =>
  `${frames.map((f) => `data: ${typeof f === 'string' ? f : JSON.stringify(f)}\n\n`).join('')}data: [DONE]\n\n`;
const chunk = (
  delta: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {},
  finish: string | null = null,
) => ({
  id: 'chatcmpl-rec',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: delta === undefined ? [] : [{ index: 0, delta, finish_reason: finish }],
  usage: null,
  ...extra,
});
const completion = (message: Record<string, unknown>, usage: Record<string, unknown>) =>
  JSON.stringify({
    id: 'chatcmpl-rec',
    object: 'chat.completion',
    created: 1,
    model: 'grok-4',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
    usage,
  });

beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await router?.close();
  router = undefined;
  await server.close();
});

describe('reasoning text', () => {
  it('chat: reasoning_content becomes reasoning, apart from the text', async () => {
    const provider = createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
    server.raw(
      completion(
        { content: '391', reasoning_content: '17 × 23 = 340 + 51.' },
        { prompt_tokens: 9, completion_tokens: 20, total_tokens: 29 },
      ),
      jsonHeaders,
    );
    const answer = await provider.chat({ model: 'deepseek-reasoner', messages }, signal());
    expect(answer.text).toBe('391');
    expect(answer.reasoning).toBe('17 × 23 = 340 + 51.');
  });

  it('stream: reasoning_content deltas become reasoning-delta parts, never text', async () => {
    const provider = createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
    server.raw(
      sse(
        chunk({ role: 'assistant', content: null, reasoning_content: '17 × 23 ' }),
        chunk({ reasoning_content: '= 391.' }),
        chunk({ content: '391' }),
        chunk({}, {}, 'stop'),
        chunk(undefined, { usage: { prompt_tokens: 9, completion_tokens: 20, total_tokens: 29 } }),
      ),
      streamHeaders,
    );
    const { parts } = await drainStream(
      provider.stream({ model: 'deepseek-reasoner', messages }, signal()),
    );
    expect(parts.slice(0, 3)).toEqual([
      { type: 'reasoning-delta', text: '17 × 23 ' },
      { type: 'reasoning-delta', text: '= 391.' },
      { type: 'text-delta', text: '391' },
    ]);
  });
});

describe('reasoning tokens beside completion tokens (xAI)', () => {
  const usage = {
    prompt_tokens: 1,
    completion_tokens: 1,
    total_tokens: 12,
    completion_tokens_details: { reasoning_tokens: 10 },
  };

  it('chat: a dialect that says so counts reasoning into outputTokens', async () => {
    const xai = createOpenAI({
      apiKey: server.apiKey,
      baseURL: server.baseURL,
      id: 'xai',
      reasoningTokens: 'separate',
    });
    server.raw(completion({ content: 'ok' }, usage), jsonHeaders);
    const answer = await xai.chat({ model: 'grok-4', messages }, signal());
    expect(answer.usage).toEqual({
      inputTokens: 1,
      outputTokens: 11,
      totalTokens: 12,
      reasoningTokens: 10,
    });
  });

  it('stream: the same convention applies to the usage chunk', async () => {
    const xai = createOpenAI({
      apiKey: server.apiKey,
      baseURL: server.baseURL,
      id: 'xai',
      reasoningTokens: 'separate',
    });
    server.raw(
      sse(
        chunk({ role: 'assistant', content: 'ok' }),
        chunk({}, {}, 'stop'),
        chunk(undefined, { usage }),
      ),
      streamHeaders,
    );
    const { parts } = await drainStream(xai.stream({ model: 'grok-4', messages }, signal()));
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 1, outputTokens: 11, totalTokens: 12, reasoningTokens: 10 },
    });
  });

  it('OpenAI’s own convention stays the default: reasoning inside completion tokens', async () => {
    const provider = createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
    server.raw(
      completion(
        { content: 'ok' },
        { ...usage, completion_tokens: 11, completion_tokens_details: { reasoning_tokens: 10 } },
      ),
      jsonHeaders,
    );
    const answer = await provider.chat({ model: 'o4-mini', messages }, signal());
    expect(answer.usage).toMatchObject({ outputTokens: 11, reasoningTokens: 10 });
  });

  it('refuses a reasoningTokens option it does not know', () => {
    expect(() =>
      createOpenAI({ apiKey: 'k', reasoningTokens: 'beside' as unknown as 'separate' }),
    ).toThrow(/reasoningTokens: must be "included" or "separate"/);
  });
});

describe('streamed refusals', () => {
  const refusal = 'I’m sorry, I can’t help with that.';

  it('stream and chat agree: the refusal is the text, the finish is content-filter, and it is never cached', async () => {
    router = createRouter({
      providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
      defaultModel: 'openai:gpt-4o-mini',
      retry: { maxRetries: 0 },
      cache: true,
    });
    server.raw(
      sse(
        chunk({ role: 'assistant', content: null, refusal: '' }),
        chunk({ refusal: 'I’m sorry, ' }),
        chunk({ refusal: 'I can’t help with that.' }),
        chunk({}, {}, 'stop'),
        chunk(undefined, { usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } }),
      ),
      streamHeaders,
    );
    server.raw(
      completion(
        { content: null, refusal },
        { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 },
      ),
      jsonHeaders,
    );
    let finish: StreamEvent | undefined;
    let text = '';
    for await (const e of router.stream({ messages })) {
      if (e.type === 'text-delta') text += e.text;
      finish = e;
    }
    if (finish?.type !== 'finish') throw new Error('no finish');
    const chat = await router.chat({ messages });
    expect(chat.cached).toBe(false);
    expect(server.requests).toHaveLength(2);
    expect(text).toBe(refusal);
    expect(finish.response).toMatchObject({ text: refusal, finishReason: 'content-filter' });
    expect(chat).toMatchObject({ text: refusal, finishReason: 'content-filter' });
  });
});

describe('an opening chunk with empty choices, id and model (Azure)', () => {
  it('never lets the empty strings win: the streamed answer has the model, id and cost chat() has', async () => {
    router = createRouter({
      providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
      defaultModel: 'openai:some-deployment',
      retry: { maxRetries: 0 },
      prices: { 'openai:gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
    });
    server.raw(
      sse(
        {
          id: '',
          object: '',
          created: 0,
          model: '',
          choices: [],
          prompt_filter_results: [
            {
              prompt_index: 0,
              content_filter_results: { hate: { filtered: false, severity: 'safe' } },
            },
          ],
        },
        chunk({ role: 'assistant', content: 'Hello' }),
        chunk({}, {}, 'stop'),
        chunk(undefined, {
          usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
        }),
      ),
      streamHeaders,
    );
    let finish: StreamEvent | undefined;
    for await (const e of router.stream({ messages })) finish = e;
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.response.model).toBe('gpt-4o-mini-2024-07-18');
    expect(finish.response.id).toBe('chatcmpl-rec');
    expect(finish.response.costUsd).toBeCloseTo((100 * 0.15 + 50 * 0.6) / 1e6, 12);
  });
});
