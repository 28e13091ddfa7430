import { readFileSync } from 'node:fs';
import { GoogleGenerativeAI } from '@google/generative-ai';
import type { Provider, ProviderRequest } from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { google } from './google-default.js';
import { createGoogle } from './google-provider.js';
import { armedTimers, ask, signal } from './google-test-fixtures.js';

// What is particular to the adapter on @google/generative-ai, on top of the shared contract
// (google-contract.test.ts) and what both SDKs' adapters do alike (google-answers.test.ts: the
// wire body, usage, errors, blocked prompts, in-band stream errors; google-options.test.ts:
// options, keys, models): the stream path and API version, tool results, Gemini's schema subset,
// synthetic tool-call ids, no unhandled rejection, the SDK's timer leak avoided, a host-supplied
// client and the default instance. Always through the real SDK against the fake server.

let server: FakeServer;
let provider: Provider;
const sentBody = () => (server.lastRequest?.body ?? {}) as Record<string, unknown>;

beforeEach(async () => {
  server = await startFakeGoogle();
  provider = createGoogle({ apiKey: server.apiKey, baseURL: server.baseURL });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await provider.close?.();
  await server.close();
});

describe('createGoogle: the wire', () => {
  it('streams from :streamGenerateContent?alt=sse, and strips a trailing slash off the base URL', async () => {
    const slashed = createGoogle({ apiKey: server.apiKey, baseURL: `${server.baseURL}/` });
    await drainStream(slashed.stream(ask(), signal()));
    expect(server.lastRequest).toMatchObject({
      path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent',
      query: { alt: 'sse' },
      answer: 'reply',
    });
    const versioned = createGoogle({
      apiKey: server.apiKey,
      baseURL: server.baseURL,
      apiVersion: 'v1',
    });
    await versioned.chat(ask(), signal());
    expect(server.lastRequest?.path).toBe('/v1/models/gemini-2.5-flash:generateContent');
  });

  it("sends a tool's non-object result under output", async () => {
    await provider.chat(
      ask({
        messages: [
          { role: 'user', content: 'Count' },
          { role: 'assistant', toolCalls: [{ id: 'c', name: 'count', arguments: {} }] },
          { role: 'tool', toolCallId: 'c', content: '[1,2,3]' },
        ],
      }),
      signal(),
    );
    expect((sentBody().contents as unknown[])[2]).toEqual({
      role: 'user',
      parts: [{ functionResponse: { name: 'count', response: { output: [1, 2, 3] } } }],
    });
  });

  it('refuses a tool result it cannot name, before any request', async () => {
    const error = await rejectionOf(
      provider.chat(
        ask({
          messages: [
            { role: 'user', content: 'x' },
            { role: 'tool', toolCallId: 'nope', content: '1' },
          ],
        }),
        signal(),
      ),
    );
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'unknown_tool_call' });
    expect(error.message).toContain('messages[1]');
    expect(server.requests).toHaveLength(0);
  });
});

describe('createGoogle: JSON schemas in Gemini’s subset', () => {
  it('converts what Gemini can take and drops what it cannot', async () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'answer',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: ['string', 'null'], minLength: 1, description: 'Who' },
        when: { type: 'string', format: 'date-time' },
        email: { type: 'string', format: 'email', pattern: '^.+@.+$' },
        kind: { const: 'person' },
        size: { enum: [1, 2, 3], type: 'integer', exclusiveMinimum: 0 },
        tags: { type: 'array', items: { $ref: '#/$defs/tag' }, uniqueItems: true, maxItems: 5 },
        pet: { anyOf: [{ $ref: '#/$defs/pet' }, { type: 'null' }] },
        shape: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['name', 'ghost'],
      $defs: {
        tag: { type: 'string', enum: ['a', 'b'] },
        pet: { type: 'object', properties: { legs: { type: 'integer', minimum: 0 } } },
      },
    };
    await provider.chat(ask({ responseFormat: { type: 'json', schema } }), signal());
    expect((sentBody().generationConfig as Record<string, unknown>).responseSchema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', nullable: true, minLength: 1, description: 'Who' },
        when: { type: 'string', format: 'date-time' },
        email: { type: 'string', pattern: '^.+@.+$' },
        kind: { type: 'string', enum: ['person'] },
        size: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, maxItems: 5 },
        pet: {
          type: 'object',
          nullable: true,
          properties: { legs: { type: 'integer', minimum: 0 } },
        },
        shape: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['name'],
    });
    expect(server.lastRequest?.answer).toBe('reply');
  });

  it('refuses a recursive schema with a typed error, before any request', async () => {
    const schema = {
      type: 'object',
      properties: { root: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
    };
    const error = await rejectionOf(
      provider.chat(ask({ responseFormat: { type: 'json', schema } }), signal()),
    );
    expect(error).toMatchObject({
      kind: 'invalid-request',
      code: 'unsupported_schema',
      provider: 'google',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('createGoogle: schema nodes Gemini cannot take', () => {
  // What zod 4 writes for z.record(z.string(), z.number()).
  const record = {
    type: 'object',
    propertyNames: { type: 'string' },
    additionalProperties: { type: 'number' },
  };
  const widget = (inner: Record<string, unknown>) => ({
    type: 'object',
    properties: { title: { type: 'string' }, ...inner },
    required: ['title'],
  });
  const cases: [string, Partial<ProviderRequest>, string][] = [
    [
      'a record in a response schema',
      { responseFormat: { type: 'json', schema: widget({ scores: record }) } },
      'scores',
    ],
    [
      'a record inside array items, at depth',
      {
        responseFormat: {
          type: 'json',
          schema: widget({
            rows: { type: 'array', items: { type: 'object', properties: { cells: record } } },
          }),
        },
      },
      'rows[].cells',
    ],
    [
      'a record behind a $ref and a nullable anyOf',
      {
        responseFormat: {
          type: 'json',
          schema: {
            ...widget({ meta: { anyOf: [{ $ref: '#/$defs/map' }, { type: 'null' }] } }),
            $defs: { map: record },
          },
        },
      },
      'meta',
    ],
    [
      'a free-form object in tool parameters',
      {
        tools: [
          {
            name: 'save',
            parameters: { type: 'object', properties: { payload: { type: 'object' } } },
          },
        ],
      },
      'payload',
    ],
    [
      'a record as the whole of tool parameters',
      { tools: [{ name: 'tally', parameters: record }] },
      'tally',
    ],
    [
      'an array without items',
      { responseFormat: { type: 'json', schema: widget({ tags: { type: 'array' } }) } },
      'tags',
    ],
  ];
  it.each(cases)('refuses %s before any request, naming the node', async (_what, extra, path) => {
    const streamed = await drainStream(provider.stream(ask(extra), signal()));
    for (const error of [await rejectionOf(provider.chat(ask(extra), signal())), streamed.error]) {
      expect(error).toMatchObject({
        kind: 'invalid-request',
        code: 'unsupported_schema',
        provider: 'google',
      });
      expect((error as Error).message).toContain(path);
    }
    expect(streamed.parts).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('still sends a tool without parameters, and a closed empty object, without a schema', async () => {
    await provider.chat(
      ask({
        tools: [
          { name: 'now', parameters: { type: 'object', properties: {} } },
          { name: 'ping', parameters: { type: 'object', additionalProperties: false } },
        ],
      }),
      signal(),
    );
    const tools = sentBody().tools as { functionDeclarations: Record<string, unknown>[] }[];
    expect(tools[0]?.functionDeclarations).toEqual([{ name: 'now' }, { name: 'ping' }]);
  });
});

describe('createGoogle: tool-call ids', () => {
  it('synthesises ids that differ per call and per turn, and stay the same for the same answer', async () => {
    const calls = [
      { name: 'get_weather', arguments: { city: 'Paris' } },
      { name: 'get_weather', arguments: { city: 'Rome' } },
    ];
    server.reply({ toolCalls: calls }).reply({ toolCalls: calls }).reply({ toolCalls: calls });
    const first = await provider.chat(ask(), signal());
    const again = await provider.chat(ask(), signal());
    const later = await provider.chat(
      ask({
        messages: [
          ...ask().messages,
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: 'more' },
        ],
      }),
      signal(),
    );
    const ids = first.toolCalls.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    expect(again.toolCalls.map((c) => c.id)).toEqual(ids);
    expect(later.toolCalls.map((c) => c.id).some((id) => ids.includes(id))).toBe(false);
    expect(first.finishReason).toBe('tool-calls');
  });
});

describe('createGoogle: errors, blocks and broken streams', () => {
  it('leaves no unhandled rejection behind when a stream breaks', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      server.stream('one two three', { truncate: 1, truncateMode: 'destroy' });
      const { error } = await drainStream(provider.stream(ask(), signal()));
      expect(error).toMatchObject({ kind: 'connection' });
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it("never arms the SDK's own timeout, whose timer outlives the call", async () => {
    const armed = armedTimers();
    try {
      // The SDK with its `timeout` option: the call is over, its timer is not.
      const sdk = new GoogleGenerativeAI(server.apiKey).getGenerativeModel(
        { model: 'gemini-2.5-flash' },
        { baseUrl: server.baseURL, timeout: 2_000 },
      );
      await sdk.generateContent('Hi');
      expect(armed.size).toBe(1);
      armed.clear();
      // The adapter aborts through the call's signal, and leaves nothing armed.
      await provider.chat(ask(), signal());
      await drainStream(provider.stream(ask(), signal()));
      server.hang();
      const controller = new AbortController();
      const hung = provider.chat(ask(), { signal: controller.signal });
      await server.waitForRequests(4);
      controller.abort();
      expect((await rejectionOf(hung)).kind).toBe('abort');
      expect(armed.size).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('createGoogle: clients and keys', () => {
  it("uses the host's client with the adapter's base URL, and leaves it usable after close()", async () => {
    const client = new GoogleGenerativeAI(server.apiKey);
    const hosted = createGoogle({ client, baseURL: server.baseURL });
    server.reply('from the host client');
    expect((await hosted.chat(ask(), signal())).text).toBe('from the host client');
    await hosted.close?.();
    server.reply('still mine');
    const direct = await client
      .getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: server.baseURL })
      .generateContent('Hi');
    expect(direct.response.text()).toBe('still mine');
  });

  it('the default `google` instance reads the key and GOOGLE_GEMINI_BASE_URL when first used', async () => {
    vi.stubEnv('GOOGLE_API_KEY', server.apiKey);
    vi.stubEnv('GOOGLE_GEMINI_BASE_URL', server.baseURL);
    server.reply('from the default instance');
    expect(google.id).toBe('google');
    expect((await google.chat(ask(), signal())).text).toBe('from the default instance');
    expect(server.requests).toHaveLength(1);
  });
});

describe('createGoogle: the SDK under test', () => {
  // A matrix job (vitest.matrix.ts, decision 093) swaps @google/generative-ai for a range end;
  // this proves the swap reached the wire: the SDK names its own version in every request.
  it('is the version the matrix job names, else the devDependency', async () => {
    const spec = process.env.SWITCHYARD_MATRIX ?? '';
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const expected = spec.startsWith('@google/generative-ai@')
      ? spec.slice('@google/generative-ai@'.length)
      : manifest.devDependencies['@google/generative-ai'];
    await provider.chat(ask(), signal());
    expect(server.lastRequest?.headers['x-goog-api-client']).toBe(`genai-js/${expected}`);
  });
});
