import { GoogleGenAI } from '@google/genai';
import { AuthError, ConfigError, type Provider, type ProviderRequest } from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGoogleGenAI } from './google-genai-provider.js';

// What is particular to the adapter on @google/genai, on top of the contract suite
// (google-genai-contract.test.ts) and the reasoning, tools and router tests it shares with the
// @google/generative-ai adapter (vitest.config.ts runs those on both SDKs): the exact wire body
// after the SDK's own conversion (it takes fields in `config` and rebuilds the body), fields the
// SDK does not know passed through, no SDK retries, errors read from the SDK's ApiError (whose
// message is the body as JSON), in-band stream errors the SDK throws, broken streams, timers,
// a host-supplied client and the lazy environment key. Always through the real SDK against the
// fake server.

let server: FakeServer;
let provider: Provider;
const signal = () => ({ signal: new AbortController().signal });
const ask = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const frame = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;
const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) => ({
  candidates: [{ content: { role: 'model', parts }, index: 0 }],
  usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp_raw',
  ...extra,
});
const streamHeaders = { headers: { 'content-type': 'text/event-stream' } };
const jsonHeaders = { headers: { 'content-type': 'application/json' } };

beforeEach(async () => {
  server = await startFakeGoogle();
  provider = createGoogleGenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await provider.close?.();
  await server.close();
});

describe('createGoogleGenAI: the wire', () => {
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
    // The SDK's API version: v1beta in @google/genai 2, v1 in 3.
    expect(server.lastRequest?.path).toMatch(
      /^\/v1(?:beta)?\/models\/gemini-2\.5-flash:generateContent$/,
    );
    expect(server.lastRequest?.headers['x-goog-api-key']).toBe(server.apiKey);
    expect(server.lastRequest?.headers['x-goog-api-client']).toMatch(/^google-genai-sdk\//);
    // The SDK writes schema types in Gemini's enum spelling (STRING, OBJECT); Gemini takes both.
    expect(server.lastRequest?.body).toEqual({
      generationConfig: {
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 100,
        stopSequences: ['END'],
        seed: 42,
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
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
                type: 'OBJECT',
                properties: { city: { type: 'STRING' } },
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

  it('streams from :streamGenerateContent?alt=sse, and strips a trailing slash off the base URL', async () => {
    const slashed = createGoogleGenAI({ apiKey: server.apiKey, baseURL: `${server.baseURL}/` });
    await drainStream(slashed.stream(ask(), signal()));
    expect(server.lastRequest).toMatchObject({ query: { alt: 'sse' }, answer: 'reply' });
    expect(server.lastRequest?.path).toMatch(
      /^\/v1(?:beta)?\/models\/gemini-2\.5-flash:streamGenerateContent$/,
    );
    const versioned = createGoogleGenAI({
      apiKey: server.apiKey,
      baseURL: server.baseURL,
      apiVersion: 'v1alpha',
      headers: { 'x-team': 'search' },
    });
    await versioned.chat(ask(), signal());
    expect(server.lastRequest?.path).toBe('/v1alpha/models/gemini-2.5-flash:generateContent');
    expect(server.lastRequest?.headers['x-team']).toBe('search');
  });

  it('passes request fields the SDK does not know through to the wire, not dropping them', async () => {
    const error = await rejectionOf(
      provider.chat(ask({ providerOptions: { futureField: { on: true } } }), signal()),
    );
    // The fake refuses unknown fields as Gemini does: the field reached the wire.
    expect(error).toMatchObject({ kind: 'invalid-request', status: 400 });
    expect(error.message).toContain('Unknown name "futureField"');
    expect(server.lastRequest?.body).toMatchObject({ futureField: { on: true } });
    const nested = await rejectionOf(
      provider.chat(
        ask({ temperature: 0.5, providerOptions: { generationConfig: { futureSetting: 3 } } }),
        signal(),
      ),
    );
    expect(nested.message).toContain('Unknown name "futureSetting" at \'generation_config\'');
    expect(server.lastRequest?.body).toMatchObject({
      generationConfig: { temperature: 0.5, futureSetting: 3 },
    });
  });

  it('leaves retries to the router: one request per call, whatever the status', async () => {
    server.fail(503).fail(429);
    expect((await rejectionOf(provider.chat(ask(), signal()))).kind).toBe('server');
    expect((await drainStream(provider.stream(ask(), signal()))).error).toMatchObject({
      kind: 'rate-limit',
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe('createGoogleGenAI: usage', () => {
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
});

describe('createGoogleGenAI: errors, blocks and broken streams', () => {
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
    const wrong = createGoogleGenAI({ apiKey: key, baseURL: server.baseURL });
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

  it('maps a dropped connection and a refused one to ConnectionError, leaving no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      server.stream('one two three', { truncate: 1, truncateMode: 'destroy' }).drop();
      const { error } = await drainStream(provider.stream(ask(), signal()));
      expect(error).toMatchObject({ kind: 'connection' });
      expect(await rejectionOf(provider.chat(ask(), signal()))).toMatchObject({
        kind: 'connection',
      });
      const closed = createGoogleGenAI({ apiKey: server.apiKey, baseURL: 'http://127.0.0.1:9' });
      const refused = await rejectionOf(closed.chat(ask(), signal()));
      expect(refused).toMatchObject({ kind: 'connection', retryable: true });
      expect(refused.message).toMatch(/^google: the connection failed \(.+\)\.$/);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('aborts a hung call and an abandoned stream, and leaves no timer armed', async () => {
    // Timers that code outside Node set during a call and that are still armed after it.
    const armed = new Set<unknown>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: (...args: unknown[]) => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      const handle = realSet(() => {
        armed.delete(handle);
        fn(...args);
      }, ms);
      if (!new Error().stack?.includes('node:internal/')) armed.add(handle);
      return handle;
    }) as typeof setTimeout);
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
      armed.delete(handle);
      realClear(handle);
    });
    try {
      await provider.chat(ask(), signal());
      server.hang();
      const controller = new AbortController();
      const hung = provider.chat(ask(), { signal: controller.signal });
      await server.waitForRequests(2);
      controller.abort();
      expect((await rejectionOf(hung)).kind).toBe('abort');
      // A stream left after its first part: the adapter hangs up for the SDK.
      server.stream('one two three', { stallAfterChunks: 1 });
      for await (const part of provider.stream(ask(), signal())) {
        expect(part.type).toBe('text-delta');
        break;
      }
      await vi.waitFor(() => expect(server.lastRequest?.disconnected).toBe(true));
      expect(armed.size).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('createGoogleGenAI: clients and keys', () => {
  it("uses the host's client with the adapter's base URL, and leaves it usable after close()", async () => {
    const client = new GoogleGenAI({ apiKey: server.apiKey, vertexai: false });
    const hosted = createGoogleGenAI({ client, baseURL: server.baseURL });
    server.reply('from the host client');
    expect((await hosted.chat(ask(), signal())).text).toBe('from the host client');
    await hosted.close?.();
    server.reply('still mine');
    const direct = await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hi',
      config: { httpOptions: { baseUrl: server.baseURL } },
    });
    expect(direct.text).toBe('still mine');
  });

  it('refuses contradictory or malformed options with one ConfigError', () => {
    let caught: unknown;
    try {
      createGoogleGenAI({
        client: new GoogleGenAI({ apiKey: 'AIzaHost00000000000000', vertexai: false }),
        apiKey: 'x',
        apiVersion: '',
      });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
    expect((caught as ConfigError).issues.map((i) => i.path)).toEqual(['apiKey', 'apiVersion']);
    expect(() => createGoogleGenAI({ baseURL: 'nope' })).toThrow(
      /baseURL: must be an absolute URL/,
    );
  });

  it('reads GOOGLE_API_KEY, else GEMINI_API_KEY, and GOOGLE_GEMINI_BASE_URL at the first call', async () => {
    vi.stubEnv('GOOGLE_API_KEY', '');
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_GEMINI_BASE_URL', server.baseURL);
    const lazy = createGoogleGenAI();
    const error = await rejectionOf(lazy.chat(ask(), signal()));
    expect(AuthError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'google: no API key. Set GOOGLE_API_KEY or GEMINI_API_KEY, or pass `apiKey` to createGoogleGenAI().',
    );
    expect(server.requests).toHaveLength(0);
    vi.stubEnv('GEMINI_API_KEY', server.apiKey);
    expect((await lazy.chat(ask(), signal())).text).toBe('Hello from the fake Gemini server.');
    expect(server.lastRequest?.headers['x-goog-api-key']).toBe(server.apiKey);
  });

  it('knows the same models as the other Google adapter', () => {
    expect(provider.getModelInfo?.('models/gemini-2.5-flash-001')).toMatchObject({
      id: 'models/gemini-2.5-flash-001',
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
    });
    expect(provider.getModelInfo?.('palm-2')).toBeUndefined();
    // Not in the adapter's table: the window comes from core's model data, as for createGoogle.
    expect(provider.getModelInfo?.('gemini-3.5-flash')?.contextWindow).toBe(1_000_000);
  });
});
