import {
  assistantMessage,
  type ChatRequest,
  createRouter,
  InvalidRequestError,
  type Message,
  type Provider,
  type ProviderStreamPart,
  type Router,
  type StreamEvent,
} from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeAnthropic } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropic } from './anthropic-provider.js';

// Claude with extended thinking, through the real SDK and the fake server (which signs thinking
// blocks and checks them when they come back, as Claude does): reasoning, signed thinking kept
// for the next turn of a tool loop, usage that counts what is billed (thinking tokens, sampling
// iterations, server-tool requests), citations and server-tool results, and stream shapes other
// servers send (a tool input whole in content_block_start, the whole answer in message_start).

let server: FakeServer;
let provider: Provider;
let router: Router | undefined;
const signal = () => ({ signal: new AbortController().signal });
// Under the router, options go by provider id; a provider called directly takes its own entry.
const thinkingOn = { thinking: { type: 'enabled', budget_tokens: 2048 } };
const thinking = { anthropic: thinkingOn };
const weather = {
  name: 'weather',
  description: 'Current weather',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string' } },
    required: ['location'],
  },
};
const question: Message = { role: 'user', content: 'Weather in SF?' };

const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const messageStart = (message: Record<string, unknown> = {}) =>
  event('message_start', {
    message: {
      id: 'msg_rec',
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 1 },
      ...message,
    },
  });
const streamHeaders = { headers: { 'content-type': 'text/event-stream' } };
const jsonHeaders = { headers: { 'content-type': 'application/json' } };
const recorded = (extra: Record<string, unknown>) =>
  JSON.stringify({
    id: 'msg_rec',
    type: 'message',
    role: 'assistant',
    model: 'claude-opus-4-5',
    content: [{ type: 'text', text: 'ok' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
    ...extra,
  });

beforeEach(async () => {
  server = await startFakeAnthropic();
  provider = createAnthropic({ apiKey: server.apiKey, baseURL: server.baseURL });
});

afterEach(async () => {
  await router?.close();
  router = undefined;
  await provider.close?.();
  await server.close();
});

function routerOver(options: Partial<Parameters<typeof createRouter>[0]> = {}): Router {
  router = createRouter({
    providers: [provider],
    defaultModel: 'anthropic:claude-opus-4-5',
    retry: { maxRetries: 0 },
    ...options,
  });
  return router;
}

const firstTurn = () =>
  server.reply({
    reasoning: 'The user wants the weather in San Francisco: call the tool.',
    toolCalls: [{ name: 'weather', arguments: { location: 'SF' } }],
  });
const toolResult = (id: string): Message => ({
  role: 'tool',
  toolCallId: id,
  content: '{"temp_c":18}',
});

describe('Claude with extended thinking: a two-turn tool conversation', () => {
  it('chat: keeps the signed thinking and sends it back before tool_use, and the second turn succeeds', async () => {
    const r = routerOver();
    firstTurn();
    server.reply('It is 18 °C in San Francisco.');
    const request = (messages: Message[]): ChatRequest => ({
      messages,
      tools: [weather],
      providerOptions: thinking,
    });
    const first = await r.chat(request([question]));
    expect(first.reasoning).toBe('The user wants the weather in San Francisco: call the tool.');
    expect(first.text).toBe('');
    expect(first.toolCalls).toHaveLength(1);
    expect(first.continuation?.vendor).toBe('anthropic');
    const call = first.toolCalls[0];
    if (call === undefined) throw new Error('no tool call');
    const second = await r.chat(request([question, assistantMessage(first), toolResult(call.id)]));
    expect(second.text).toBe('It is 18 °C in San Francisco.');
    const sent = server.lastRequest?.body as { messages: { content: { type: string }[] }[] };
    expect(sent.messages[1]?.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
  });

  it('stream: streams the thinking as reasoning-delta, keeps its signature, and the second turn succeeds', async () => {
    const r = routerOver();
    server.stream(
      {
        reasoning: 'The user wants the weather: call the tool.',
        toolCalls: [{ name: 'weather', arguments: { location: 'SF' } }],
      },
      { chunkSize: 8 },
    );
    server.stream('Eighteen degrees.');
    const events: StreamEvent[] = [];
    for await (const e of r.stream({
      messages: [question],
      tools: [weather],
      providerOptions: thinking,
    }))
      events.push(e);
    const reasoning = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : []));
    expect(reasoning.length).toBeGreaterThan(1);
    expect(reasoning.join('')).toBe('The user wants the weather: call the tool.');
    expect(events.some((e) => e.type === 'text-delta')).toBe(false);
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    const first = finish.response;
    expect(first.reasoning).toBe('The user wants the weather: call the tool.');
    const call = first.toolCalls[0];
    if (call === undefined) throw new Error('no tool call');
    let text = '';
    for await (const e of r.stream({
      messages: [question, assistantMessage(first), toolResult(call.id)],
      tools: [weather],
      providerOptions: thinking,
    }))
      if (e.type === 'text-delta') text += e.text;
    expect(text).toBe('Eighteen degrees.');
  });

  it('the fake refuses, as Claude does, a tool turn without its thinking block and an altered signature', async () => {
    firstTurn();
    const first = await provider.chat(
      {
        model: 'claude-opus-4-5',
        messages: [question],
        tools: [weather],
        providerOptions: thinkingOn,
      },
      signal(),
    );
    const call = first.toolCalls[0];
    if (call === undefined || first.continuation === undefined) throw new Error('no state');
    const without = await rejectionOf(
      provider.chat(
        {
          model: 'claude-opus-4-5',
          messages: [
            question,
            { role: 'assistant', toolCalls: first.toolCalls },
            toolResult(call.id),
          ],
          tools: [weather],
          providerOptions: thinkingOn,
        },
        signal(),
      ),
    );
    expect(InvalidRequestError.isInstance(without)).toBe(true);
    expect(String((without as Error).message)).toContain('must start with a thinking block');
    const data = first.continuation.data as { blocks: { thinking: string }[] };
    const altered = {
      vendor: 'anthropic',
      data: { blocks: data.blocks.map((b) => ({ ...b, thinking: `${b.thinking} (edited)` })) },
    };
    const tampered = await rejectionOf(
      provider.chat(
        {
          model: 'claude-opus-4-5',
          messages: [
            question,
            { role: 'assistant', toolCalls: first.toolCalls, continuation: altered },
            toolResult(call.id),
          ],
          tools: [weather],
          providerOptions: thinkingOn,
        },
        signal(),
      ),
    );
    expect(String((tampered as Error).message)).toContain('Invalid `signature`');
  });

  it('never sends another vendor’s continuation state to Claude', async () => {
    server.reply('ok');
    await provider.chat(
      {
        model: 'claude-opus-4-5',
        messages: [
          question,
          { role: 'assistant', content: 'Sunny.', continuation: { vendor: 'google', data: 'SIG' } },
          { role: 'user', content: 'Thanks' },
        ],
      },
      signal(),
    );
    const sent = server.lastRequest?.body as { messages: { content: unknown }[] };
    expect(sent.messages[1]?.content).toEqual([{ type: 'text', text: 'Sunny.' }]);
  });
});

describe('thinking counts as progress', () => {
  // Real HTTP, so real time: 12 thinking chunks 100 ms apart (1.2 s before any text) against a
  // 1 s attempt timeout, which fails unless thinking counts; a 1 s idle timeout leaves a tenfold
  // margin over the gaps for a loaded machine.
  it('a stream that thinks for 1.2 s before any text finishes under a 1 s attempt timeout', async () => {
    const r = routerOver({ attemptTimeoutMs: 1_000, streamIdleTimeoutMs: 1_000 });
    server.stream(
      { reasoning: 'abcd'.repeat(12), text: 'Done.' },
      { chunkSize: 4, chunkDelayMs: 100 },
    );
    const events: StreamEvent[] = [];
    for await (const e of r.stream({ messages: [question], providerOptions: thinking }))
      events.push(e);
    expect(events.filter((e) => e.type === 'reasoning-delta')).toHaveLength(12);
    expect(events.at(-1)).toMatchObject({ type: 'finish', response: { text: 'Done.' } });
  });
});

describe('usage that is billed', () => {
  it('maps output_tokens_details.thinking_tokens to reasoningTokens (chat and stream)', async () => {
    server.raw(
      recorded({
        usage: {
          input_tokens: 1,
          output_tokens: 10,
          output_tokens_details: { thinking_tokens: 7 },
        },
      }),
      jsonHeaders,
    );
    const answer = await provider.chat(
      { model: 'claude-opus-4-5', messages: [question] },
      signal(),
    );
    expect(answer.usage).toEqual({
      inputTokens: 1,
      outputTokens: 10,
      totalTokens: 11,
      reasoningTokens: 7,
    });
    server.stream({
      reasoning: 'hmm',
      text: 'ok',
      usage: { inputTokens: 3, outputTokens: 9, reasoningTokens: 6 },
    });
    const { parts } = await drainStream(
      provider.stream(
        { model: 'claude-opus-4-5', messages: [question], providerOptions: thinkingOn },
        signal(),
      ),
    );
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      usage: { outputTokens: 9, reasoningTokens: 6 },
    });
  });

  const iterations = {
    input_tokens: 682,
    output_tokens: 1320,
    iterations: [
      { type: 'compaction', input_tokens: 60385, output_tokens: 592 },
      { type: 'message', input_tokens: 682, output_tokens: 1320 },
    ],
  };

  it('sums sampling iterations (compaction) in a complete answer', async () => {
    server.raw(recorded({ usage: iterations }), jsonHeaders);
    const answer = await provider.chat(
      { model: 'claude-opus-4-5', messages: [question] },
      signal(),
    );
    expect(answer.usage).toMatchObject({
      inputTokens: 61_067,
      outputTokens: 1_912,
      totalTokens: 62_979,
    });
  });

  it('sums sampling iterations in a stream, where message_delta repeats the last iteration’s input count', async () => {
    server.raw(
      messageStart({ usage: { input_tokens: 60385, output_tokens: 1 } }) +
        event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
        event('content_block_delta', {
          index: 0,
          delta: { type: 'text_delta', text: 'Summary.' },
        }) +
        event('content_block_stop', { index: 0 }) +
        event('message_delta', {
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: iterations,
        }) +
        event('message_stop', {}),
      streamHeaders,
    );
    const { parts } = await drainStream(
      provider.stream({ model: 'claude-opus-4-5', messages: [question] }, signal()),
    );
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 61_067, outputTokens: 1_912 },
    });
  });

  it('keeps message_start’s prompt count when message_delta reports a smaller one', async () => {
    server.raw(
      messageStart({ usage: { input_tokens: 5000, output_tokens: 1 } }) +
        event('message_delta', {
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { input_tokens: 682, output_tokens: 20 },
        }) +
        event('message_stop', {}),
      streamHeaders,
    );
    const { parts } = await drainStream(
      provider.stream({ model: 'claude-opus-4-5', messages: [question] }, signal()),
    );
    expect(parts.at(-1)).toMatchObject({ usage: { inputTokens: 5000, outputTokens: 20 } });
  });

  it('reports server-tool requests and prices web searches from the price table', async () => {
    const r = routerOver();
    server.raw(
      recorded({
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          server_tool_use: { web_search_requests: 2, web_fetch_requests: 1 },
        },
      }),
      jsonHeaders,
    );
    const answer = await r.chat({ messages: [question] });
    expect(answer.usage.serverToolRequests).toEqual({ webSearch: 2, webFetch: 1 });
    expect(answer.costUsd).toBeCloseTo(0.02, 10);
  });
});

describe('citations and server-tool results', () => {
  const search = {
    type: 'server_tool_use',
    id: 'srvtoolu_01',
    name: 'web_search',
    input: { query: 'weather San Francisco' },
  };
  const results = {
    type: 'web_search_tool_result',
    tool_use_id: 'srvtoolu_01',
    content: [
      {
        type: 'web_search_result',
        url: 'https://weather.example/sf',
        title: 'SF weather',
        encrypted_content: 'EqgfCioIARgBIiQ3YTAw',
        page_age: 'November 30, 2026',
      },
    ],
  };
  const citation = {
    type: 'web_search_result_location',
    url: 'https://weather.example/sf',
    title: 'SF weather',
    encrypted_index: 'Eo8BCioIAhgBIiQyYjQ0',
    cited_text: 'Mild, 18 °C',
  };

  it('keeps them on the response as providerMetadata.anthropic (chat)', async () => {
    server.raw(
      recorded({
        content: [search, results, { type: 'text', text: 'It is 18 °C.', citations: [citation] }],
      }),
      jsonHeaders,
    );
    const answer = await provider.chat(
      { model: 'claude-opus-4-5', messages: [question] },
      signal(),
    );
    expect(answer.text).toBe('It is 18 °C.');
    expect(answer.providerMetadata).toEqual({
      anthropic: { citations: [citation], serverTools: [search, results] },
    });
  });

  it('keeps them on the finish part (stream: input_json_delta, whole results, citations_delta)', async () => {
    server.raw(
      messageStart() +
        event('content_block_start', {
          index: 0,
          content_block: {
            type: 'server_tool_use',
            id: 'srvtoolu_01',
            name: 'web_search',
            input: {},
          },
        }) +
        event('content_block_delta', {
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '{"query": "weather San Francisco"}' },
        }) +
        event('content_block_stop', { index: 0 }) +
        event('content_block_start', { index: 1, content_block: results }) +
        event('content_block_stop', { index: 1 }) +
        event('content_block_start', { index: 2, content_block: { type: 'text', text: '' } }) +
        event('content_block_delta', { index: 2, delta: { type: 'citations_delta', citation } }) +
        event('content_block_delta', {
          index: 2,
          delta: { type: 'text_delta', text: 'It is 18 °C.' },
        }) +
        event('content_block_stop', { index: 2 }) +
        event('message_delta', {
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 9 },
        }) +
        event('message_stop', {}),
      streamHeaders,
    );
    const { parts } = await drainStream(
      provider.stream({ model: 'claude-opus-4-5', messages: [question] }, signal()),
    );
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      providerMetadata: { anthropic: { citations: [citation], serverTools: [search, results] } },
    });
  });
});

describe('stream shapes', () => {
  it('takes a tool input sent whole in content_block_start, with no input_json_delta', async () => {
    server.raw(
      messageStart() +
        event('content_block_start', {
          index: 0,
          content_block: {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'weather',
            input: { location: 'SF' },
          },
        }) +
        event('content_block_stop', { index: 0 }) +
        event('message_delta', {
          delta: { stop_reason: 'tool_use', stop_sequence: null },
          usage: { output_tokens: 9 },
        }) +
        event('message_stop', {}),
      streamHeaders,
    );
    const { parts } = await drainStream(
      provider.stream(
        { model: 'claude-opus-4-5', messages: [question], tools: [weather] },
        signal(),
      ),
    );
    expect(parts[0]).toEqual({
      type: 'tool-call',
      toolCall: { id: 'toolu_1', name: 'weather', arguments: { location: 'SF' } },
    });
  });

  it('takes a whole message sent in message_start, followed by message_stop', async () => {
    server.raw(
      messageStart({
        content: [
          { type: 'thinking', thinking: 'Easy.', signature: 'sig-rec' },
          { type: 'text', text: 'Paris.' },
        ],
        stop_reason: 'end_turn',
        usage: { input_tokens: 10, output_tokens: 4 },
      }) + event('message_stop', {}),
      streamHeaders,
    );
    const { parts } = await drainStream(
      provider.stream({ model: 'claude-opus-4-5', messages: [question] }, signal()),
    );
    expect(parts).toEqual<ProviderStreamPart[]>([
      { type: 'reasoning-delta', text: 'Easy.' },
      { type: 'text-delta', text: 'Paris.' },
      {
        type: 'finish',
        finishReason: 'stop',
        rawFinishReason: 'end_turn',
        usage: { inputTokens: 10, outputTokens: 4, totalTokens: 14 },
        model: 'claude-opus-4-5',
        id: 'msg_rec',
        continuation: {
          vendor: 'anthropic',
          data: { blocks: [{ type: 'thinking', thinking: 'Easy.', signature: 'sig-rec' }] },
        },
      },
    ]);
  });
});
