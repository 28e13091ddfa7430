import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from './fake-server.js';
import { startFakeGroq } from './groq-fake.js';
import { startFakeOpenAI } from './openai-fake.js';

// The chat-completions wire as the OpenAI and Groq fakes speak it, checked byte by byte with
// plain fetch: answers, SSE framing, usage placement, refusals, and the parsed view.

let server: FakeServer;
afterEach(async () => {
  await server.close();
});

function post(path: string, body: unknown, signal?: AbortSignal) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: signal ?? null,
  });
}

/** The `data:` payloads of an SSE body, in order. */
function dataFrames(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      return frame.slice('data: '.length);
    });
}

const weather = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };
const user = [{ role: 'user', content: 'Weather in Paris?' }];

describe('startFakeOpenAI', () => {
  beforeEach(async () => {
    server = await startFakeOpenAI();
  });
  const path = '/v1/chat/completions';

  it('answers a chat completion in OpenAI shape', async () => {
    server.reply({
      id: 'chatcmpl-1',
      toolCalls: [weather],
      usage: { inputTokens: 5, outputTokens: 7, cachedInputTokens: 2, reasoningTokens: 1 },
      model: 'gpt-4o-2024-08-06',
    });
    const res = await post(path, { model: 'gpt-4o', messages: user });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_001,
      model: 'gpt-4o-2024-08-06',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 7,
        total_tokens: 12,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 1 },
      },
      system_fingerprint: 'fp_fake',
      service_tier: 'default',
    });
  });

  it('streams data-only frames, a usage chunk only when asked, then [DONE]', async () => {
    server.stream(
      { text: 'Hello there', usage: { inputTokens: 3, outputTokens: 2 } },
      { chunkSize: 5 },
    );
    server.reply('plain');
    const res = await post(path, {
      model: 'gpt-4o',
      messages: user,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const frames = dataFrames(await res.text());
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f) as Record<string, unknown>);
    expect(chunks.map((c) => c.usage)).toEqual([
      null,
      null,
      null,
      null,
      null,
      { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    ]);
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    expect(
      chunks
        .slice(1, 4)
        .map((c) => (c.choices as { delta: { content: string } }[])[0]?.delta.content),
    ).toEqual(['Hello', ' ther', 'e']);
    expect(chunks[4]).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] });
    expect(chunks[5]?.choices).toEqual([]);

    const plain = await post(path, { model: 'gpt-4o', messages: user, stream: true });
    const plainFrames = dataFrames(await plain.text());
    expect(plainFrames.at(-1)).toBe('[DONE]');
    for (const frame of plainFrames.slice(0, -1))
      expect(JSON.parse(frame)).not.toHaveProperty('usage');
  });

  it('streams tool calls as an opening delta with id and name, then argument pieces', async () => {
    server.stream({ toolCalls: [weather] }, { chunkSize: 6 });
    const res = await post(path, { model: 'gpt-4o', messages: user, stream: true });
    const chunks = dataFrames(await res.text())
      .slice(0, -1)
      .map((f) => JSON.parse(f) as { choices: { delta: { tool_calls?: unknown[] } }[] });
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const pieces = deltas.slice(1) as { index: number; function: { arguments: string } }[];
    expect(pieces.map((d) => d.function.arguments).join('')).toBe('{"city":"Paris"}');
    expect(pieces.every((d) => d.index === 0 && d.function.arguments.length <= 6)).toBe(true);
  });

  it('ends a truncated stream cleanly without finish or [DONE], or resets it', async () => {
    server.stream('one two three', { truncate: 1 });
    const text = await (await post(path, { model: 'm', messages: user, stream: true })).text();
    expect(text).toContain('"content":"one "');
    expect(text).not.toContain('two');
    expect(text).not.toContain('finish_reason":"stop');
    expect(text).not.toContain('[DONE]');

    server.stream('one two three', { truncate: 1, truncateMode: 'destroy' });
    const destroyed = await post(path, { model: 'm', messages: user, stream: true });
    await expect(destroyed.text()).rejects.toThrow();
  });

  it('sends the mid-stream error frame after the given number of chunks', async () => {
    server.stream('one two three', { errorAfterChunks: 2, errorMessage: 'boom' });
    const frames = dataFrames(
      await (await post(path, { model: 'm', messages: user, stream: true })).text(),
    );
    expect(frames).toHaveLength(4);
    expect(JSON.parse(frames[3] ?? '')).toEqual({
      error: { message: 'boom', type: 'server_error', param: null, code: null },
    });
  });

  it('stalls a stream after some chunks until the client goes away', async () => {
    server.stream('one two three', { stallAfterChunks: 1 });
    const controller = new AbortController();
    const res = await post(path, { model: 'm', messages: user, stream: true }, controller.signal);
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('"role":"assistant"');
    controller.abort();
    for (let i = 0; i < 100 && server.lastRequest?.disconnected !== true; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(server.lastRequest?.disconnected).toBe(true);
  });

  it('parses the request back into Switchyard terms', async () => {
    await post(path, {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use JSON.' }] },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'c1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"temp":21}' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      temperature: 0.5,
      top_p: 0.9,
      max_completion_tokens: 100,
      stop: 'END',
      seed: 7,
    });
    expect(server.lastRequest?.chat).toEqual({
      model: 'gpt-4o',
      system: 'Be brief.\n\nUse JSON.',
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }],
        },
        { role: 'tool', toolCallId: 'c1', content: '{"temp":21}' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      toolChoice: { name: 'get_weather' },
      responseFormat: { type: 'json', name: 'answer', schema: { type: 'object' }, strict: true },
      temperature: 0.5,
      topP: 0.9,
      maxTokens: 100,
      stop: ['END'],
      seed: 7,
      stream: false,
    });
  });

  it.each([
    [
      'a tool result that answers no tool call',
      { messages: [...user, { role: 'tool', tool_call_id: 'x', content: '1' }] },
      "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'",
    ],
    [
      'a tool call left without a result',
      {
        messages: [
          ...user,
          {
            role: 'assistant',
            tool_calls: [{ id: 'c9', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          { role: 'user', content: 'and?' },
        ],
      },
      'The following tool_call_ids did not have response messages: c9',
    ],
    [
      'json_object without the word json',
      { response_format: { type: 'json_object' } },
      "must contain the word 'json'",
    ],
    [
      'stream_options without stream',
      { stream_options: { include_usage: true } },
      "'stream_options' parameter is only allowed",
    ],
    [
      'tool_choice without tools',
      { tool_choice: 'auto' },
      "'tool_choice' is only allowed when 'tools' are specified",
    ],
    [
      'a json_schema without a name',
      { response_format: { type: 'json_schema', json_schema: { schema: {} } } },
      "'response_format.json_schema.name'",
    ],
    ['a temperature above 2', { temperature: 3 }, 'Expected a value <= 2, but got 3'],
    ['an unknown role', { messages: [{ role: 'robot', content: 'x' }] }, "Invalid value: 'robot'"],
    ['no messages', { messages: [] }, "Invalid 'messages': empty array"],
    [
      'arguments sent as an object',
      {
        messages: [
          ...user,
          {
            role: 'assistant',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }],
          },
          { role: 'tool', tool_call_id: 'c', content: '1' },
        ],
      },
      'expected a string, but got object',
    ],
  ])('refuses %s with a 400 in OpenAI words', async (_what, extra, phrase) => {
    server.reply('unused');
    const res = await post(path, { model: 'gpt-4o', messages: user, ...extra });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain(phrase);
    expect(server.lastRequest?.answer).toBe('bad-request');
    expect(server.queued).toBe(1);
  });
});

describe('startFakeGroq', () => {
  beforeEach(async () => {
    server = await startFakeGroq();
  });
  const path = '/openai/v1/chat/completions';

  it('serves /openai/v1/chat/completions with a Groq key and Groq extras', async () => {
    expect(server.baseURL).toBe(server.url);
    expect(server.apiKey).toMatch(/^gsk_/);
    server.reply({ text: 'hi', usage: { inputTokens: 4, outputTokens: 1 } });
    const body = (await (
      await post(path, { model: 'llama-3.3-70b-versatile', messages: user })
    ).json()) as Record<string, unknown>;
    expect(body.usage).toEqual({
      prompt_tokens: 4,
      completion_tokens: 1,
      total_tokens: 5,
      queue_time: 0.01,
      prompt_time: 0.001,
      completion_time: 0.002,
      total_time: 0.003,
    });
    expect(body.x_groq).toEqual({ id: 'req_chatcmpl-fake1' });
    expect((await post('/v1/chat/completions', { model: 'm', messages: user })).status).toBe(404);
  });

  it('puts stream usage in x_groq.usage on the finish chunk, with no usage chunk', async () => {
    server.stream({ text: 'ok', usage: { inputTokens: 5, outputTokens: 1, cachedInputTokens: 2 } });
    const frames = dataFrames(
      await (await post(path, { model: 'm', messages: user, stream: true })).text(),
    );
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f) as Record<string, unknown>);
    const finish = chunks.at(-1) as {
      choices: { finish_reason: string }[];
      x_groq: { usage: unknown };
    };
    expect(finish.choices[0]?.finish_reason).toBe('stop');
    expect(finish.x_groq.usage).toMatchObject({
      prompt_tokens: 5,
      completion_tokens: 1,
      total_tokens: 6,
      prompt_tokens_details: { cached_tokens: 2 },
    });
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
  });

  it('answers errors in Groq words', async () => {
    server.fail(503);
    const res = await post(path, { model: 'm', messages: user });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        message: 'Service Unavailable',
        type: 'internal_server_error',
        param: null,
        code: 'service_unavailable',
      },
    });
    const wrong = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer gsk_wrong_key_0000000000' },
      body: JSON.stringify({ model: 'm', messages: user }),
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid API Key',
    );
  });
});
