import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from './fake-server.js';
import { startFakeGoogle } from './google-fake.js';

// The Gemini wire as the fake speaks it, checked with plain fetch: answers, data-only SSE frames
// separated by CRLF pairs with no terminator, RetryInfo in error bodies, the wrong-key 400,
// refusals of what Gemini refuses, and the parsed view.

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeGoogle();
});
afterEach(async () => {
  await server.close();
});

const contents = [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }];
const generate = '/v1beta/models/gemini-2.5-flash:generateContent';
const streamPath = '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse';

function post(path: string, body: unknown, key: string | null = server.apiKey) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key !== null && { 'x-goog-api-key': key }),
    },
    body: JSON.stringify(body),
  });
}

describe('startFakeGoogle', () => {
  it('answers generateContent with candidates, usageMetadata, modelVersion and responseId', async () => {
    expect(server.baseURL).toBe(server.url);
    expect(server.apiKey).toMatch(/^AIza/);
    server.reply({
      text: 'Checking.',
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
      usage: { inputTokens: 10, outputTokens: 8, cachedInputTokens: 4, reasoningTokens: 3 },
    });
    const res = await post(generate, { contents });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Checking.' },
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 10,
        candidatesTokenCount: 5,
        totalTokenCount: 18,
        cachedContentTokenCount: 4,
        thoughtsTokenCount: 3,
      },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'resp_fake_1',
    });
    expect(server.lastRequest?.chat?.model).toBe('gemini-2.5-flash');
  });

  it('streams data-only frames separated by CRLF pairs, with no terminator and no event lines', async () => {
    server.stream(
      {
        text: 'Hello there',
        toolCalls: [{ name: 'get_time', arguments: { city: 'Rome' } }],
        usage: { inputTokens: 3, outputTokens: 4 },
      },
      { chunkSize: 6 },
    );
    const res = await post(streamPath, { contents });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    expect(text.endsWith('\r\n\r\n')).toBe(true);
    expect(text).not.toContain('event:');
    expect(text).not.toContain('[DONE]');
    const frames = text
      .split('\r\n\r\n')
      .filter((f) => f !== '')
      .map((f) => {
        expect(f.startsWith('data: ')).toBe(true);
        expect(f).not.toContain('\n');
        return JSON.parse(f.slice(6)) as {
          candidates: { content: { parts: unknown[] }; finishReason?: string }[];
          usageMetadata: unknown;
        };
      });
    expect(frames.map((f) => f.candidates[0]?.content.parts[0])).toEqual([
      { text: 'Hello ' },
      { text: 'there' },
      { functionCall: { name: 'get_time', args: { city: 'Rome' } } },
      { text: '' },
    ]);
    expect(frames.map((f) => f.candidates[0]?.finishReason)).toEqual([
      undefined,
      undefined,
      undefined,
      'STOP',
    ]);
    expect(frames[0]?.usageMetadata).toEqual({ promptTokenCount: 3, totalTokenCount: 3 });
    expect(frames[3]?.usageMetadata).toEqual({
      promptTokenCount: 3,
      candidatesTokenCount: 4,
      totalTokenCount: 7,
    });
  });

  it('sends a mid-stream error as an ordinary data chunk, then closes', async () => {
    server.stream('one two three', {
      errorAfterChunks: 1,
      errorType: 'UNAVAILABLE',
      errorMessage: 'busy',
    });
    const text = await (await post(streamPath, { contents })).text();
    const last = text
      .split('\r\n\r\n')
      .filter((f) => f !== '')
      .at(-1);
    expect(JSON.parse(last?.slice(6) ?? '')).toEqual({
      error: { code: 503, message: 'busy', status: 'UNAVAILABLE' },
    });
  });

  it('carries a wait in RetryInfo, not in headers', async () => {
    server.fail(429, { retryAfter: 7 }).fail(503, { retryAfterMs: 1500 });
    const limited = await post(generate, { contents });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({
      error: {
        code: 429,
        message: 'Resource has been exhausted (e.g. check quota).',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }],
      },
    });
    const busy = (await (await post(generate, { contents })).json()) as {
      error: { status: string; details: { retryDelay: string }[] };
    };
    expect(busy.error.status).toBe('UNAVAILABLE');
    expect(busy.error.details[0]?.retryDelay).toBe('1.5s');
  });

  it('answers a wrong key with 400 API_KEY_INVALID and a missing one with 403', async () => {
    const wrong = await post(generate, { contents }, 'AIzaWrongWrongWrongWrongWrong');
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as {
      error: { status: string; message: string; details: { reason: string }[] };
    };
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.details[0]?.reason).toBe('API_KEY_INVALID');
    expect(body.error.message).not.toContain('AIzaWrong');
    const missing = await post(generate, { contents }, null);
    expect(missing.status).toBe(403);
    const byQuery = await fetch(`${server.url}${generate}?key=${server.apiKey}`, {
      method: 'POST',
      body: JSON.stringify({ contents }),
    });
    expect(byQuery.status).toBe(200);
  });

  it('parses the request back into Switchyard terms, tool calls and results named by function', async () => {
    await post(generate, {
      contents: [
        { role: 'user', parts: [{ text: 'Weather and time?' }] },
        {
          role: 'model',
          parts: [
            { text: 'Checking.' },
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
            { functionCall: { name: 'get_time', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { tempC: 21 } } },
            { functionResponse: { name: 'get_time', response: { error: 'no clock' } } },
            { text: 'Thanks' },
          ],
        },
      ],
      systemInstruction: { role: 'system', parts: [{ text: 'Be brief.' }] },
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Weather',
              parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } },
            },
            { name: 'get_time' },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_time'] } },
      generationConfig: {
        temperature: 0.5,
        topP: 0.9,
        maxOutputTokens: 100,
        stopSequences: ['END'],
        seed: 7,
        responseMimeType: 'application/json',
        responseSchema: { type: 'object', properties: { a: { type: 'string' } } },
      },
      safetySettings: [],
    });
    expect(server.lastRequest?.chat).toEqual({
      model: 'gemini-2.5-flash',
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Weather and time?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [
            { id: 'get_weather', name: 'get_weather', arguments: { city: 'Paris' } },
            { id: 'get_time', name: 'get_time', arguments: {} },
          ],
        },
        { role: 'tool', toolCallId: 'get_weather', name: 'get_weather', content: '{"tempC":21}' },
        {
          role: 'tool',
          toolCallId: 'get_time',
          name: 'get_time',
          content: 'no clock',
          isError: true,
        },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
        { name: 'get_time', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: { name: 'get_time' },
      responseFormat: {
        type: 'json',
        schema: { type: 'object', properties: { a: { type: 'string' } } },
      },
      temperature: 0.5,
      topP: 0.9,
      maxTokens: 100,
      stop: ['END'],
      seed: 7,
      stream: false,
    });
  });

  const call = { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] };
  it.each([
    [
      'additionalProperties in a schema',
      {
        contents,
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: {
            type: 'object',
            properties: { a: { type: 'string' } },
            additionalProperties: false,
          },
        },
      },
      'Unknown name "additionalProperties"',
    ],
    [
      '$schema in tool parameters',
      {
        contents,
        tools: [
          {
            functionDeclarations: [
              {
                name: 'f',
                parameters: { $schema: 'x', type: 'object', properties: { a: { type: 'string' } } },
              },
            ],
          },
        ],
      },
      'Unknown name "$schema"',
    ],
    [
      'a response schema without the JSON MIME type',
      { contents, generationConfig: { responseSchema: { type: 'string' } } },
      'response_mime_type must be application/json',
    ],
    [
      'a function call left unanswered',
      { contents: [...contents, call, { role: 'user', parts: [{ text: 'and?' }] }] },
      'number of function response parts is equal to the number of function call parts',
    ],
    [
      'a function response with no call before it',
      { contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }] },
      'function response turn comes immediately after a function call turn',
    ],
    [
      'an object with no properties inside a schema (what a record becomes)',
      {
        contents,
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: {
            type: 'object',
            properties: { scores: { type: 'object' } },
          },
        },
      },
      'properties[scores].value.properties: should be non-empty for OBJECT type',
    ],
    [
      'an array with no items in tool parameters',
      {
        contents,
        tools: [
          {
            functionDeclarations: [
              {
                name: 'f',
                parameters: { type: 'object', properties: { tags: { type: 'array' } } },
              },
            ],
          },
        ],
      },
      'properties[tags].value.items: missing field',
    ],
    ['an unknown field', { contents, temperature: 1 }, 'Unknown name "temperature"'],
    ['no contents', { contents: [] }, 'contents is not specified'],
    [
      'six stop sequences',
      { contents, generationConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'] } },
      'at most 5 stop sequences',
    ],
  ])('refuses %s with a 400 in Gemini words', async (_what, body, phrase) => {
    server.reply('unused');
    const res = await post(generate, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as {
      error: { code: number; status: string; message: string };
    };
    expect(answer.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(answer.error.message).toContain(phrase);
    expect(server.queued).toBe(1);
  });

  it('streams only with alt=sse, as the SDK asks', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent', { contents });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'alt=sse',
    );
  });
});
