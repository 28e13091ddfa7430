import { readFileSync } from 'node:fs';
import { AuthError, ConfigError, type Provider, type ProviderRequest } from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeOpenAI } from '@switchyard/testing';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openai } from './openai-default.js';
import { createOpenAI } from './openai-provider.js';

// What is particular to OpenAI, on top of the shared contract (openai-contract.test.ts): the exact
// wire body, the SDK's own headers, a host-supplied client, the lazy environment key, and the
// model table. Always through the real SDK against the fake server.

let server: FakeServer;
let provider: Provider;
const signal = () => ({ signal: new AbortController().signal });
const ask = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

const sentBody = () => (server.lastRequest?.body ?? {}) as Record<string, unknown>;
const sse = (...frames: unknown[]) =>
  `${frames.map((f) => `data: ${typeof f === 'string' ? f : JSON.stringify(f)}\n\n`).join('')}`;
const chunk = (
  choice: Record<string, unknown> | undefined,
  extra: Record<string, unknown> = {},
) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o',
  choices: choice === undefined ? [] : [{ index: 0, finish_reason: null, ...choice }],
  usage: null,
  ...extra,
});

beforeEach(async () => {
  server = await startFakeOpenAI();
  provider = createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await provider.close?.();
  await server.close();
});

describe('createOpenAI: the wire', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };

  it('sends the body OpenAI expects, with provider options merged in', async () => {
    await provider.chat(
      ask({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: 'Checking.',
            toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
          },
          { role: 'tool', toolCallId: 'call_1', content: '{"tempC":21}' },
        ],
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 100,
        stop: ['END'],
        seed: 42,
        tools: [{ name: 'get_weather', description: 'Weather', parameters: schema }],
        toolChoice: { name: 'get_weather' },
        responseFormat: { type: 'json', schema },
        providerOptions: { user: 'user-7', logprobs: true },
      }),
      signal(),
    );
    expect(server.lastRequest?.body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"tempC":21}' },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 100,
      stop: ['END'],
      seed: 42,
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather', parameters: schema },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'response', schema, strict: true },
      },
      user: 'user-7',
      logprobs: true,
    });
    const headers = server.lastRequest?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${server.apiKey}`);
    expect(headers['x-stainless-retry-count']).toBe('0');
  });

  it('passes a schema name, description and strict: false, and maps bare JSON to json_object', async () => {
    await provider.chat(
      ask({
        responseFormat: {
          type: 'json',
          schema,
          name: 'answer',
          description: 'An answer',
          strict: false,
        },
      }),
      signal(),
    );
    expect(sentBody().response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', description: 'An answer', schema, strict: false },
    });
    await provider.chat(
      ask({
        messages: [{ role: 'user', content: 'Reply in JSON' }],
        responseFormat: { type: 'json' },
      }),
      signal(),
    );
    expect(sentBody().response_format).toEqual({
      type: 'json_object',
    });
  });

  it('asks for stream usage with stream_options.include_usage', async () => {
    await drainStream(provider.stream(ask(), signal()));
    expect(server.lastRequest?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('treats a stream that ends after its finish but before its usage chunk as truncated', async () => {
    server.raw(
      sse(
        chunk({ delta: { role: 'assistant', content: 'Hi' } }),
        chunk({ delta: {}, finish_reason: 'stop' }),
      ),
      { headers: { 'content-type': 'text/event-stream' } },
    );
    const { parts, error } = await drainStream(provider.stream(ask(), signal()));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ kind: 'connection', code: 'stream_truncated' });
    expect((error as Error).message).toContain('usage report');
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hi' }]);
  });

  it('synthesises stable ids for tool calls that arrive without one', async () => {
    const completion = {
      id: 'chatcmpl-noids',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
              { type: 'function', function: { name: 'b', arguments: '' } },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    const body = JSON.stringify(completion);
    server.raw(body, { headers: { 'content-type': 'application/json' } });
    server.raw(body, { headers: { 'content-type': 'application/json' } });
    const first = await provider.chat(ask(), signal());
    const second = await provider.chat(ask(), signal());
    expect(first.toolCalls.map((c) => c.arguments)).toEqual([{ x: 1 }, {}]);
    const ids = first.toolCalls.map((c) => c.id);
    expect(ids[0]).toMatch(/^call_/);
    expect(new Set(ids).size).toBe(2);
    expect(second.toolCalls.map((c) => c.id)).toEqual(ids);
  });

  it('returns a refusal as text with finish reason content-filter', async () => {
    server.raw(
      JSON.stringify({
        id: 'r',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: null, refusal: "I can't help with that." },
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 },
      }),
      { headers: { 'content-type': 'application/json' } },
    );
    const response = await provider.chat(ask(), signal());
    expect(response).toMatchObject({
      text: "I can't help with that.",
      finishReason: 'content-filter',
      rawFinishReason: 'refusal',
    });
  });

  it("keeps OpenAI's message, code and request id on errors", async () => {
    server.fail(429);
    const error = await rejectionOf(provider.chat(ask(), signal()));
    expect(error.message).toContain('openai 429: Rate limit reached for gpt-4o-mini');
    expect(error).toMatchObject({ code: 'rate_limit_exceeded', requestId: 'req_fake_1' });
  });
});

describe('createOpenAI: clients and keys', () => {
  it("uses the host's client with retries off per call, and leaves it usable after close()", async () => {
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries: 5 });
    const hosted = createOpenAI({ client });
    server.fail(500);
    const error = await rejectionOf(hosted.chat(ask(), signal()));
    expect(error.kind).toBe('server');
    expect(server.requests).toHaveLength(1);
    await hosted.close?.();
    server.reply('still mine');
    const direct = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(direct.choices[0]?.message.content).toBe('still mine');
  });

  it('refuses contradictory or malformed options with one ConfigError', () => {
    const client = new OpenAI({ apiKey: 'sk-host-0000000000000000', baseURL: server.baseURL });
    let caught: unknown;
    try {
      createOpenAI({ client, apiKey: 'x', baseURL: 'not a url' });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
    expect((caught as ConfigError).issues.map((i) => i.path)).toEqual([
      'apiKey',
      'baseURL',
      'baseURL',
    ]);
    expect(() => createOpenAI({ apiKey: '  ' })).toThrow(/apiKey: must be a non-empty string/);
  });

  it('reads OPENAI_API_KEY at the first call and names it when it is missing', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const lazy = createOpenAI({ baseURL: server.baseURL });
    const error = await rejectionOf(lazy.chat(ask(), signal()));
    expect(AuthError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'openai: no API key. Set OPENAI_API_KEY, or pass `apiKey` to createOpenAI().',
    );
    expect(error.code).toBe('missing_api_key');
    expect(server.requests).toHaveLength(0);

    vi.stubEnv('OPENAI_API_KEY', server.apiKey);
    server.reply('now it works');
    expect((await lazy.chat(ask(), signal())).text).toBe('now it works');
    await lazy.close?.();
  });

  it('the default `openai` instance reads the environment when first used', async () => {
    vi.stubEnv('OPENAI_API_KEY', server.apiKey);
    vi.stubEnv('OPENAI_BASE_URL', server.baseURL);
    server.reply('from the default instance');
    expect(openai.id).toBe('openai');
    expect((await openai.chat(ask(), signal())).text).toBe('from the default instance');
    expect(server.requests).toHaveLength(1);
  });
});

describe('createOpenAI: models', () => {
  it('knows model families, dated snapshots and fine-tunes', () => {
    expect(provider.getModelInfo?.('gpt-4o-2024-08-06')).toEqual({
      id: 'gpt-4o-2024-08-06',
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      capabilities: { tools: true, json: true, jsonSchema: true, streaming: true },
    });
    expect(provider.getModelInfo?.('gpt-4o-2024-05-13')?.capabilities.jsonSchema).toBe(false);
    expect(provider.getModelInfo?.('gpt-4.1-mini-2025-04-14')?.contextWindow).toBe(1_047_576);
    expect(provider.getModelInfo?.('o1-mini')?.capabilities.tools).toBe(false);
    expect(provider.getModelInfo?.('ft:gpt-4o-mini-2024-07-18:acme::abc123')).toMatchObject({
      id: 'ft:gpt-4o-mini-2024-07-18:acme::abc123',
      contextWindow: 128_000,
    });
    expect(provider.getModelInfo?.('davinci-002')).toBeUndefined();
  });

  it('takes model facts from the host', () => {
    const custom = createOpenAI({
      apiKey: 'sk-unused-000000000000000',
      models: {
        'my-proxy-model': { contextWindow: 32_000, capabilities: { jsonSchema: false } },
        'gpt-4o': { contextWindow: 64_000 },
      },
    });
    expect(custom.getModelInfo?.('my-proxy-model')).toMatchObject({
      contextWindow: 32_000,
      capabilities: { tools: true, jsonSchema: false },
    });
    expect(custom.getModelInfo?.('gpt-4o')?.contextWindow).toBe(64_000);
    expect(custom.id).toBe('openai');
    expect(createOpenAI({ id: 'azure-ish', apiKey: 'sk-unused-000000000000000' }).id).toBe(
      'azure-ish',
    );
  });
});

describe('createOpenAI: the SDK under test', () => {
  // A matrix job (vitest.matrix.ts, decision 093) swaps openai for a range end; this proves the
  // swap reached the wire: the SDK names its own version in every request.
  it('is the version the matrix job names, else the devDependency', async () => {
    const spec = process.env.SWITCHYARD_MATRIX ?? '';
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const expected = spec.startsWith('openai@')
      ? spec.slice('openai@'.length)
      : manifest.devDependencies.openai;
    await provider.chat(ask(), signal());
    expect(server.lastRequest?.headers['x-stainless-package-version']).toBe(expected);
  });
});
