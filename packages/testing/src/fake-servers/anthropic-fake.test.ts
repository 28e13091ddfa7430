import { JSON_OUTPUT_INSTRUCTION } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from './anthropic-fake.js';
import type { FakeServer } from './fake-server.js';

// The Anthropic Messages wire as the fake speaks it, checked with plain fetch: answers, SSE
// framing with event lines and no [DONE], split usage, error bodies, both auth styles, refusals,
// and the parsed view.

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeAnthropic();
});
afterEach(async () => {
  await server.close();
});

const user = [{ role: 'user', content: 'Weather in Paris?' }];
const base = { model: 'claude-haiku-4-5', max_tokens: 256, messages: user };

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'x-api-key': server.apiKey,
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** The `[event, data]` pairs of an SSE body, in order; every frame must name its event. */
function events(text: string): [string, Record<string, unknown>][] {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const match = /^event: (\S+)\ndata: (.*)$/.exec(frame);
      expect(match, frame).not.toBeNull();
      return [match?.[1] ?? '', JSON.parse(match?.[2] ?? '{}') as Record<string, unknown>];
    });
}

describe('startFakeAnthropic', () => {
  it('answers a message with content blocks, a stop reason and usage without cache tokens', async () => {
    expect(server.baseURL).toBe(server.url);
    expect(server.apiKey).toMatch(/^sk-ant-/);
    server.reply({
      text: "I'll check.",
      toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      usage: {
        inputTokens: 100,
        outputTokens: 9,
        cachedInputTokens: 60,
        cacheWriteInputTokens: 30,
      },
    });
    const res = await post(base);
    expect(res.headers.get('request-id')).toBe('req_fake_1');
    expect(await res.json()).toEqual({
      id: 'msg_fake_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [
        { type: 'text', text: "I'll check." },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        cache_creation_input_tokens: 30,
        cache_read_input_tokens: 60,
        output_tokens: 9,
      },
    });
  });

  it('accepts the key as x-api-key (SDK 0.x) or a Bearer token (SDK 1.x), and refuses others', async () => {
    expect((await post(base)).status).toBe(200);
    const bearer = await post(base, { 'x-api-key': '', authorization: `Bearer ${server.apiKey}` });
    expect(bearer.status).toBe(200);
    const wrong = await post(base, { 'x-api-key': 'sk-ant-wrong-000000000000' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
  });

  it('streams event-framed SSE with usage split between message_start and message_delta, and no [DONE]', async () => {
    server.stream(
      {
        text: 'Hi there',
        toolCalls: [{ id: 'toolu_2', name: 'get_weather', arguments: { city: 'Paris' } }],
        usage: { inputTokens: 20, outputTokens: 7, cachedInputTokens: 5 },
      },
      { chunkSize: 6 },
    );
    const res = await post({ ...base, stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    expect(text).not.toContain('[DONE]');
    const all = events(text);
    expect(all.map(([event]) => event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const [event, data] of all) expect(data.type).toBe(event);
    expect(all[0]?.[1]).toMatchObject({
      message: {
        id: 'msg_fake_1',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 15, cache_read_input_tokens: 5, output_tokens: 1 },
      },
    });
    expect(all[3]?.[1]).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'Hi the' },
    });
    expect(all[6]?.[1]).toMatchObject({
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} },
    });
    const json = all
      .slice(7, 10)
      .map(([, d]) => (d.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ city: 'Paris' });
    expect(all[11]?.[1]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 7 },
    });
  });

  it('sends event: error mid-stream, and cuts a truncated stream before message_delta', async () => {
    server.stream('one two three', { errorAfterChunks: 1, errorMessage: 'Overloaded now' });
    const broken = events(await (await post({ ...base, stream: true })).text());
    expect(broken.at(-1)).toEqual([
      'error',
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded now' } },
    ]);
    server.stream('one two three', { truncate: true });
    const cut = events(await (await post({ ...base, stream: true })).text());
    expect(cut.map(([e]) => e)).not.toContain('message_delta');
    expect(cut.map(([e]) => e)).not.toContain('message_stop');
  });

  it('answers errors with Anthropic bodies and the retry headers asked for', async () => {
    server
      .fail(529)
      .fail(429, { retryAfter: 7, retryAfterMs: 7000 })
      .fail(400, { reason: 'context-length' });
    const overloaded = await post(base);
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const limited = await post(base);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('retry-after-ms')).toBe('7000');
    expect(((await limited.json()) as { error: { type: string } }).error.type).toBe(
      'rate_limit_error',
    );
    const tooLong = (await (await post(base)).json()) as { error: { message: string } };
    expect(tooLong.error.message).toMatch(/^prompt is too long/);
  });

  it('parses the request back into Switchyard terms', async () => {
    await post({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: JSON_OUTPUT_INSTRUCTION },
      ],
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: '{"temp":21}' },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any' },
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ['END'],
    });
    expect(server.lastRequest?.chat).toEqual({
      model: 'claude-haiku-4-5',
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [{ id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }],
        },
        { role: 'tool', toolCallId: 't1', content: '{"temp":21}' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      toolChoice: 'required',
      responseFormat: { type: 'json' },
      temperature: 0.5,
      topP: 0.9,
      maxTokens: 100,
      stop: ['END'],
      seed: undefined,
      stream: false,
    });
    const schema = { type: 'object', properties: {}, additionalProperties: false };
    await post({ ...base, output_config: { format: { type: 'json_schema', schema } } });
    expect(server.lastRequest?.chat?.responseFormat).toEqual({ type: 'json', schema });
  });

  const toolTurn = {
    role: 'assistant',
    content: [{ type: 'tool_use', id: 't9', name: 'f', input: {} }],
  };
  it.each([
    ['no anthropic-version header', base, { 'anthropic-version': '' }, 'anthropic-version'],
    ['no max_tokens', { model: 'm', messages: user }, {}, 'max_tokens: Field required'],
    [
      'a system message in the list',
      { ...base, messages: [{ role: 'system', content: 'x' }, ...user] },
      {},
      "Input should be 'user' or 'assistant'",
    ],
    [
      'two user turns in a row',
      { ...base, messages: [...user, ...user] },
      {},
      'roles must alternate',
    ],
    [
      'a tool_use left without a tool_result',
      { ...base, messages: [...user, toolTurn, { role: 'user', content: 'and?' }] },
      {},
      '`tool_use` ids were found without `tool_result` blocks immediately after: t9',
    ],
    [
      'a tool_result that answers no tool_use',
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: '1' }] },
        ],
      },
      {},
      'unexpected `tool_use_id`',
    ],
    [
      'empty text',
      { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] },
      {},
      'text content blocks must be non-empty',
    ],
    ['a temperature above 1', { ...base, temperature: 1.5 }, {}, 'less than or equal to 1'],
    ['a seed', { ...base, seed: 7 }, {}, 'seed: Extra inputs are not permitted'],
    [
      'tool_choice without tools',
      { ...base, tool_choice: { type: 'auto' } },
      {},
      'while providing tools',
    ],
  ])('refuses %s with a 400 in Anthropic words', async (_what, body, headers, phrase) => {
    server.reply('unused');
    const res = await post(body, headers);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(answer.type).toBe('error');
    expect(answer.error.type).toBe('invalid_request_error');
    expect(answer.error.message).toContain(phrase);
    expect(server.lastRequest?.answer).toBe('bad-request');
    expect(server.queued).toBe(1);
  });
});
