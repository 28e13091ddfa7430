import { AuthError, type Provider } from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ask,
  chunk,
  frame,
  jsonHeaders,
  SDKS,
  signal,
  streamHeaders,
} from './google-test-fixtures.js';

// What both Google adapters do alike, through each real SDK against the fake server: the wire body
// (after @google/genai's own conversion), usage, RetryInfo, the wrong-key 400, blocked prompts,
// in-band stream errors and broken streams. What is particular to one SDK is in
// google-provider.test.ts and google-genai-provider.test.ts.

describe.each(SDKS)('Gemini through $name', (sdk) => {
  let server: FakeServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startFakeGoogle();
    provider = sdk.create({ apiKey: server.apiKey, baseURL: server.baseURL });
  });

  afterEach(async () => {
    await provider.close?.();
    await server.close();
  });

  it('sends the generateContent body Gemini expects', async () => {
    await provider.chat(
      ask({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          { role: 'user', content: 'In Paris.' },
          {
            role: 'assistant',
            content: 'Checking.',
            toolCalls: [
              { id: 'call_w', name: 'get_weather', arguments: { city: 'Paris' } },
              { id: 'call_t', name: 'get_time', arguments: {} },
            ],
          },
          // No name: found from the assistant turn that made the call.
          { role: 'tool', toolCallId: 'call_w', content: '{"tempC":21}' },
          {
            role: 'tool',
            toolCallId: 'call_t',
            name: 'get_time',
            content: 'no clock',
            isError: true,
          },
          { role: 'user', content: 'Thanks' },
        ],
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 100,
        stop: ['END'],
        seed: 42,
        tools: [
          {
            name: 'get_weather',
            description: 'Weather',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            },
          },
          { name: 'get_time', parameters: { type: 'object', properties: {} } },
        ],
        toolChoice: { name: 'get_weather' },
        responseFormat: {
          type: 'json',
          schema: { type: 'object', properties: { a: { type: 'string' } } },
        },
        providerOptions: { generationConfig: { topK: 40 }, safetySettings: [] },
      }),
      signal(),
    );
    // @google/genai's API version: v1beta in its version 2, v1 in 3.
    expect(server.lastRequest?.path).toMatch(
      /^\/v1(?:beta)?\/models\/gemini-2\.5-flash:generateContent$/,
    );
    expect(server.lastRequest?.headers['x-goog-api-key']).toBe(server.apiKey);
    expect(server.lastRequest?.headers['x-goog-api-client']).toMatch(sdk.client);
    // @google/genai writes schema types in Gemini's enum spelling (STRING, OBJECT); Gemini takes both.
    expect(server.lastRequest?.body).toEqual({
      generationConfig: {
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 100,
        stopSequences: ['END'],
        seed: 42,
        responseMimeType: 'application/json',
        responseSchema: {
          type: sdk.type('object'),
          properties: { a: { type: sdk.type('string') } },
        },
        topK: 40,
      },
      safetySettings: [],
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Weather',
              parameters: {
                type: sdk.type('object'),
                properties: { city: { type: sdk.type('string') } },
                required: ['city'],
              },
            },
            { name: 'get_time' },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      systemInstruction: { role: 'system', parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }, { text: 'In Paris.' }] },
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
          ],
        },
        { role: 'user', parts: [{ text: 'Thanks' }] },
      ],
    });
  });

  it('reports cached tokens and counts thinking tokens as output, in both modes', async () => {
    const usage = { inputTokens: 40, outputTokens: 12, cachedInputTokens: 30, reasoningTokens: 5 };
    const expected = {
      inputTokens: 40,
      outputTokens: 12,
      totalTokens: 52,
      cachedInputTokens: 30,
      reasoningTokens: 5,
    };
    server.reply({ text: 'ok', usage }).stream({ text: 'one two', usage });
    expect((await provider.chat(ask(), signal())).usage).toEqual(expected);
    const { parts } = await drainStream(provider.stream(ask(), signal()));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: expected });
  });
  it('reads the wait from RetryInfo and keeps only the vendor’s words in the message', async () => {
    server.fail(503, { retryAfterMs: 1_500 });
    const error = await rejectionOf(provider.chat(ask(), signal()));
    expect(error).toMatchObject({
      kind: 'server',
      status: 503,
      retryAfterMs: 1_500,
      retryable: true,
    });
    expect(error.message).toBe('google 503: The model is overloaded. Please try again later.');
  });

  it('maps a wrong key (400 API_KEY_INVALID) to AuthError, without the key', async () => {
    const key = 'AIzaWrongKeyWrongKeyWrongKey000';
    const wrong = sdk.create({ apiKey: key, baseURL: server.baseURL });
    const error = await rejectionOf(wrong.chat(ask(), signal()));
    expect(AuthError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'API_KEY_INVALID', retryable: false });
    expect(error.message).toBe('google 400: API key not valid. Please pass a valid API key.');
    expect(JSON.stringify(error)).not.toContain(key);
  });

  it('maps a blocked prompt to ContentFilterError and blocked output to finish reason content-filter', async () => {
    const blocked = JSON.stringify({
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 },
    });
    server
      .raw(blocked, jsonHeaders)
      .raw(frame(JSON.parse(blocked)), streamHeaders)
      .reply({ text: 'Once upon', finishReason: 'content-filter' })
      .raw(
        JSON.stringify({
          candidates: [
            {
              content: { role: 'model', parts: [{ text: '' }] },
              finishReason: 'MALFORMED_FUNCTION_CALL',
            },
          ],
        }),
        jsonHeaders,
      )
      .stream({ text: 'Long', finishReason: 'length' });
    expect(await rejectionOf(provider.chat(ask(), signal()))).toMatchObject({
      kind: 'content-filter',
      code: 'PROHIBITED_CONTENT',
    });
    expect((await drainStream(provider.stream(ask(), signal()))).error).toMatchObject({
      kind: 'content-filter',
    });
    expect(await provider.chat(ask(), signal())).toMatchObject({
      text: 'Once upon',
      finishReason: 'content-filter',
      rawFinishReason: 'SAFETY',
    });
    expect(await provider.chat(ask(), signal())).toMatchObject({
      finishReason: 'error',
      rawFinishReason: 'MALFORMED_FUNCTION_CALL',
    });
    const { parts } = await drainStream(provider.stream(ask(), signal()));
    expect(parts.at(-1)).toMatchObject({ finishReason: 'length', rawFinishReason: 'MAX_TOKENS' });
  });

  it('raises an in-band error chunk: RESOURCE_EXHAUSTED as a rate limit with its wait, others as server errors', async () => {
    server.raw(
      frame(chunk([{ text: 'Par' }])) +
        frame({
          error: {
            code: 429,
            message: 'Quota exceeded mid-stream',
            status: 'RESOURCE_EXHAUSTED',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '4s' }],
          },
        }),
      streamHeaders,
    );
    server.stream('one two three', { errorAfterChunks: 1, errorType: 'UNAVAILABLE' });
    const limited = await drainStream(provider.stream(ask(), signal()));
    expect(limited.parts).toEqual([{ type: 'text-delta', text: 'Par' }]);
    expect(limited.error).toMatchObject({
      kind: 'rate-limit',
      code: 'RESOURCE_EXHAUSTED',
      retryAfterMs: 4_000,
      status: undefined,
    });
    expect((limited.error as Error).message).toBe(
      'google: the stream failed: Quota exceeded mid-stream',
    );
    const unavailable = await drainStream(provider.stream(ask(), signal()));
    expect(unavailable.error).toMatchObject({ kind: 'server', code: 'UNAVAILABLE' });
  });

  it('treats a stream cut inside a frame as truncated, and a frame that is not JSON as invalid', async () => {
    server
      .raw(`${frame(chunk([{ text: 'Hel' }]))}data: {"candidates":[{"content"`, streamHeaders)
      .raw(`${frame(chunk([{ text: 'Hel' }]))}data: {not json}\r\n\r\n`, streamHeaders)
      .raw(frame(chunk([{ text: 'Hel' }])), streamHeaders);
    const cut = await drainStream(provider.stream(ask(), signal()));
    expect(cut.error).toMatchObject({ kind: 'connection', code: 'stream_truncated' });
    expect(cut.parts.some((p) => p.type === 'finish')).toBe(false);
    const garbled = await drainStream(provider.stream(ask(), signal()));
    expect(garbled.error).toMatchObject({ kind: 'invalid-response', code: 'invalid_json' });
    // Whole frames, but no finish reason: the connection closed early.
    const early = await drainStream(provider.stream(ask(), signal()));
    expect(early.error).toMatchObject({ kind: 'connection', code: 'stream_truncated' });
  });
});
