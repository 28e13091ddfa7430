import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import {
  AuthError,
  ConfigError,
  JSON_OUTPUT_INSTRUCTION,
  type Provider,
  type ProviderRequest,
} from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeAnthropic } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { anthropic } from './anthropic-default.js';
import { createAnthropic } from './anthropic-provider.js';

// What is particular to Anthropic, on top of the shared contract (anthropic-contract.test.ts): the
// exact Messages body (system placement, merged turns, tool_result blocks, output_config, the
// max_tokens default), usage with cache tokens in both modes, its errors and stream events, the
// forced-tool fallback for older models, a host-supplied client, the lazy environment key and the
// model table. Always through the real SDK against the fake server.

let server: FakeServer;
let provider: Provider;
const signal = () => ({ signal: new AbortController().signal });
const ask = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'claude-haiku-4-5',
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});
const schema = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};

const sentBody = () => (server.lastRequest?.body ?? {}) as Record<string, unknown>;
const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const start = (usage: Record<string, number> = { input_tokens: 10, output_tokens: 1 }) =>
  event('message_start', {
    message: {
      id: 'msg_raw',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
  });
const textBlock = (text: string) =>
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
  event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }) +
  event('content_block_stop', { index: 0 });
const stop = (reason: string, usage: Record<string, number> = { output_tokens: 5 }) =>
  event('message_delta', { delta: { stop_reason: reason, stop_sequence: null }, usage });
const streamHeaders = { headers: { 'content-type': 'text/event-stream' } };
const message = (extra: Record<string, unknown>) =>
  JSON.stringify({
    id: 'msg_raw',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5',
    content: [],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
    ...extra,
  });
const jsonHeaders = { headers: { 'content-type': 'application/json' } };

beforeEach(async () => {
  server = await startFakeAnthropic();
  provider = createAnthropic({ apiKey: server.apiKey, baseURL: server.baseURL });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await provider.close?.();
  await server.close();
});

describe('createAnthropic: the wire', () => {
  it('sends the Messages body Anthropic expects: system apart, merged turns, tool_result blocks', async () => {
    await provider.chat(
      ask({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          { role: 'user', content: 'In Paris, please.' },
          {
            role: 'assistant',
            content: 'Checking.',
            toolCalls: [
              { id: 'toolu_a', name: 'get_weather', arguments: { city: 'Paris' } },
              { id: 'toolu_b', name: 'get_time', arguments: {} },
            ],
          },
          { role: 'tool', toolCallId: 'toolu_a', content: '{"tempC":21}' },
          { role: 'tool', toolCallId: 'toolu_b', content: 'no clock', isError: true },
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'Thanks!' },
        ],
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 100,
        stop: ['END'],
        seed: 42,
        tools: [
          { name: 'get_weather', description: 'Weather', parameters: schema },
          { name: 'get_time', parameters: { type: 'object', properties: {} } },
        ],
        toolChoice: { name: 'get_weather' },
        responseFormat: { type: 'json', schema },
        providerOptions: { metadata: { user_id: 'u-7' }, output_config: { effort: 'low' } },
      }),
      signal(),
    );
    expect(server.lastRequest?.path).toBe('/v1/messages');
    expect(server.lastRequest?.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      system: 'Be brief.\n\nAnswer in French.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather?' },
            { type: 'text', text: 'In Paris, please.' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_b', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: '{"tempC":21}' },
            { type: 'tool_result', tool_use_id: 'toolu_b', content: 'no clock', is_error: true },
            { type: 'text', text: 'Thanks!' },
          ],
        },
      ],
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      tools: [
        { name: 'get_weather', description: 'Weather', input_schema: schema },
        { name: 'get_time', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'tool', name: 'get_weather' },
      output_config: { format: { type: 'json_schema', schema }, effort: 'low' },
      metadata: { user_id: 'u-7' },
    });
  });

  it('sends the key (Bearer from SDK 1.0, x-api-key before), the version header, and retries off', async () => {
    await provider.chat(ask(), signal());
    const headers = server.lastRequest?.headers ?? {};
    const sentKey = headers['x-api-key'] ?? /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    expect(sentKey).toBe(server.apiKey);
    expect(headers['anthropic-version']).toEqual(expect.any(String));
    expect(headers['x-stainless-retry-count']).toBe('0');
    expect(headers['x-stainless-timeout']).toBe('600');
  });

  it('defaults max_tokens to 4096, capped by the model, or to the option', async () => {
    await provider.chat(ask(), signal());
    expect(sentBody().max_tokens).toBe(4_096);
    await provider.chat(ask({ model: 'claude-3-haiku-20240307' }), signal());
    expect(sentBody().max_tokens).toBe(4_096);
    await provider.chat(ask({ model: 'a-model-nobody-knows' }), signal());
    expect(sentBody().max_tokens).toBe(4_096);
    const roomy = createAnthropic({
      apiKey: server.apiKey,
      baseURL: server.baseURL,
      defaultMaxTokens: 20_000,
    });
    await roomy.chat(ask(), signal());
    expect(sentBody().max_tokens).toBe(20_000);
    await roomy.chat(ask({ model: 'claude-3-5-haiku-latest' }), signal());
    expect(sentBody().max_tokens).toBe(8_192);
  });

  it('asks for bare JSON with a system instruction block after the system prompt', async () => {
    await provider.chat(ask({ responseFormat: { type: 'json' } }), signal());
    expect(sentBody().system).toEqual([{ type: 'text', text: JSON_OUTPUT_INSTRUCTION }]);
    await provider.chat(
      ask({
        messages: [
          { role: 'system', content: 'You list cities.' },
          { role: 'user', content: 'Three cities' },
        ],
        responseFormat: { type: 'json' },
      }),
      signal(),
    );
    expect(sentBody().system).toEqual([
      { type: 'text', text: 'You list cities.' },
      { type: 'text', text: JSON_OUTPUT_INSTRUCTION },
    ]);
    expect(sentBody()).not.toHaveProperty('output_config');
  });

  it('refuses an empty user message with a typed error, before any request', async () => {
    const error = await rejectionOf(
      provider.chat(ask({ messages: [{ role: 'user', content: '' }] }), signal()),
    );
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'empty_message' });
    expect(error.message).toContain('messages[0]');
    expect(server.requests).toHaveLength(0);
  });
});

describe('createAnthropic: older models take a JSON schema as a forced tool call', () => {
  it('sends the schema as the one tool, forced, and returns its input as the JSON text', async () => {
    server.reply({
      text: 'Here it is:',
      toolCalls: [{ id: 'toolu_j', name: 'json', arguments: { city: 'Paris' } }],
    });
    const response = await provider.chat(
      ask({ model: 'claude-3-5-haiku-latest', responseFormat: { type: 'json', schema } }),
      signal(),
    );
    expect(sentBody()).toMatchObject({
      tools: [{ name: 'json', description: 'Respond with a JSON object.', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'json' },
    });
    expect(sentBody()).not.toHaveProperty('output_config');
    expect(response).toMatchObject({
      text: '{"city":"Paris"}',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'tool_use',
    });
  });

  it('streams the forced tool input as text deltas', async () => {
    server.stream(
      { text: 'Sure.', toolCalls: [{ id: 'toolu_j', name: 'json', arguments: { city: 'Paris' } }] },
      { chunkSize: 4 },
    );
    const { parts, error } = await drainStream(
      provider.stream(
        ask({ model: 'claude-3-7-sonnet-20250219', responseFormat: { type: 'json', schema } }),
        signal(),
      ),
    );
    expect(error).toBeUndefined();
    const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
    expect(JSON.parse(text)).toEqual({ city: 'Paris' });
    expect(parts.filter((p) => p.type === 'text-delta').length).toBeGreaterThan(2);
    expect(parts.some((p) => p.type === 'tool-call')).toBe(false);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('refuses tools beside the schema on such a model, before any request', async () => {
    const error = await rejectionOf(
      provider.chat(
        ask({
          model: 'claude-3-5-haiku-latest',
          tools: [{ name: 'get_time', parameters: { type: 'object' } }],
          responseFormat: { type: 'json', schema },
        }),
        signal(),
      ),
    );
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'unsupported_schema' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('createAnthropic: usage', () => {
  it('counts cache reads and writes into inputTokens, and reports them apart', async () => {
    server.reply({
      text: 'ok',
      usage: {
        inputTokens: 1_000,
        outputTokens: 20,
        cachedInputTokens: 600,
        cacheWriteInputTokens: 300,
      },
    });
    const response = await provider.chat(ask(), signal());
    expect(response.usage).toEqual({
      inputTokens: 1_000,
      outputTokens: 20,
      totalTokens: 1_020,
      cachedInputTokens: 600,
      cacheWriteInputTokens: 300,
    });
  });

  it('takes input tokens from message_start and the last cumulative output count from message_delta', async () => {
    server.raw(
      start({
        input_tokens: 377,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 23,
        output_tokens: 1,
      }) +
        textBlock('Hello') +
        event('message_delta', { delta: { stop_reason: null }, usage: { output_tokens: 30 } }) +
        stop('end_turn', { output_tokens: 65 }) +
        event('message_stop', {}),
      streamHeaders,
    );
    const { parts, error } = await drainStream(provider.stream(ask(), signal()));
    expect(error).toBeUndefined();
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: {
        inputTokens: 500,
        outputTokens: 65,
        totalTokens: 565,
        cachedInputTokens: 100,
        cacheWriteInputTokens: 23,
      },
      model: 'claude-haiku-4-5',
      id: 'msg_raw',
    });
  });
});

describe('createAnthropic: errors and broken streams', () => {
  it('maps 529 overloaded_error to a retryable ServerError with its code and request id', async () => {
    server.fail(529, { retryAfter: 2 });
    const error = await rejectionOf(provider.chat(ask(), signal()));
    expect(error).toMatchObject({
      kind: 'server',
      retryable: true,
      status: 529,
      code: 'overloaded_error',
      requestId: 'req_fake_1',
      retryAfterMs: 2_000,
      provider: 'anthropic',
    });
    expect(error.message).toBe('anthropic 529: Overloaded');
    expect(server.requests).toHaveLength(1);
  });

  it('maps 413 request_too_large and "prompt is too long" to ContextLengthError', async () => {
    server.fail(413).fail(400, { reason: 'context-length' });
    expect(await rejectionOf(provider.chat(ask(), signal()))).toMatchObject({
      kind: 'context-length',
      code: 'request_too_large',
    });
    expect((await rejectionOf(provider.chat(ask(), signal()))).message).toContain(
      'prompt is too long',
    );
  });

  it('raises an event: error frame as a ServerError, and a rate_limit_error one as a rate limit', async () => {
    server.stream('one two three', { errorAfterChunks: 1 }).stream('one two three', {
      errorAfterChunks: 1,
      errorType: 'rate_limit_error',
      errorMessage: 'slow',
    });
    const overloaded = await drainStream(provider.stream(ask(), signal()));
    expect(overloaded.parts).toEqual([{ type: 'text-delta', text: 'one ' }]);
    expect(overloaded.error).toMatchObject({
      kind: 'server',
      code: 'overloaded_error',
      status: undefined,
    });
    const limited = await drainStream(provider.stream(ask(), signal()));
    expect(limited.error).toMatchObject({ kind: 'rate-limit', code: 'rate_limit_error' });
    expect((limited.error as Error).message).toBe('anthropic: the stream failed: slow');
  });

  it('treats a stream that has its stop reason but no message_stop as truncated', async () => {
    server.raw(start() + textBlock('Hi') + stop('end_turn'), streamHeaders);
    const { parts, error } = await drainStream(provider.stream(ask(), signal()));
    expect(error).toMatchObject({ kind: 'connection', code: 'stream_truncated' });
    expect((error as Error).message).toContain('message_stop');
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hi' }]);
  });

  it('refuses streamed tool input that is not JSON', async () => {
    server.raw(
      start() +
        event('content_block_start', {
          index: 0,
          content_block: { type: 'tool_use', id: 'toolu_x', name: 'get_weather', input: {} },
        }) +
        event('content_block_delta', {
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '{"city": "Par' },
        }) +
        event('content_block_stop', { index: 0 }) +
        stop('tool_use') +
        event('message_stop', {}),
      streamHeaders,
    );
    const { parts, error } = await drainStream(provider.stream(ask(), signal()));
    expect(error).toMatchObject({ kind: 'invalid-response', code: 'invalid_tool_arguments' });
    expect(parts.some((p) => p.type === 'finish')).toBe(false);
  });

  it('refuses a tool_use block whose input is not an object', async () => {
    server.raw(
      message({
        content: [{ type: 'tool_use', id: 'toolu_y', name: 'get_weather', input: '{"city"' }],
        stop_reason: 'tool_use',
      }),
      jsonHeaders,
    );
    expect(await rejectionOf(provider.chat(ask(), signal()))).toMatchObject({
      kind: 'invalid-response',
      code: 'invalid_tool_arguments',
    });
  });

  it('maps refusal to content-filter, pause_turn to other, and a full context window by what was written', async () => {
    server
      .raw(
        message({ content: [{ type: 'text', text: 'I cannot' }], stop_reason: 'refusal' }),
        jsonHeaders,
      )
      .raw(
        message({ content: [{ type: 'text', text: 'Part' }], stop_reason: 'pause_turn' }),
        jsonHeaders,
      )
      .raw(
        message({
          content: [{ type: 'text', text: 'Half an ans' }],
          stop_reason: 'model_context_window_exceeded',
        }),
        jsonHeaders,
      )
      .raw(message({ content: [], stop_reason: 'model_context_window_exceeded' }), jsonHeaders)
      .raw(
        start() + stop('model_context_window_exceeded') + event('message_stop', {}),
        streamHeaders,
      );
    expect(await provider.chat(ask(), signal())).toMatchObject({
      text: 'I cannot',
      finishReason: 'content-filter',
      rawFinishReason: 'refusal',
    });
    expect((await provider.chat(ask(), signal())).finishReason).toBe('other');
    expect((await provider.chat(ask(), signal())).finishReason).toBe('length');
    expect(await rejectionOf(provider.chat(ask(), signal()))).toMatchObject({
      kind: 'context-length',
      code: 'model_context_window_exceeded',
    });
    expect((await drainStream(provider.stream(ask(), signal()))).error).toMatchObject({
      kind: 'context-length',
    });
  });
});

describe('createAnthropic: clients and keys', () => {
  it("uses the host's client with retries off and an explicit timeout, and leaves it usable after close()", async () => {
    const client = new Anthropic({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries: 5 });
    const hosted = createAnthropic({ client });
    server.fail(529);
    expect((await rejectionOf(hosted.chat(ask(), signal()))).kind).toBe('server');
    expect(server.requests).toHaveLength(1);
    // The host's client has no explicit timeout: called as it is, the SDK would refuse a large
    // max_tokens without streaming.
    server.reply('long answer');
    expect((await hosted.chat(ask({ maxTokens: 64_000 }), signal())).text).toBe('long answer');
    await hosted.close?.();
    server.reply('still mine');
    const direct = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(direct.content[0]).toEqual({ type: 'text', text: 'still mine' });
  });

  it("keeps the host client's key out of errors, even when the vendor repeats it", async () => {
    const key = 'sk-ant-host-key-abcdefghijklmnop';
    const echo = await startFakeAnthropic({ apiKey: key });
    try {
      const hosted = createAnthropic({
        client: new Anthropic({ apiKey: key, baseURL: echo.baseURL }),
      });
      echo.fail(500, { message: `upstream saw ${key}` });
      const error = await rejectionOf(hosted.chat(ask(), signal()));
      expect(JSON.stringify(error)).not.toContain(key);
      expect(String((error.cause as Error).message)).not.toContain(key);
      expect(error.message).toContain('upstream saw [REDACTED]');
    } finally {
      await echo.close();
    }
  });

  it('refuses contradictory or malformed options with one ConfigError', () => {
    const client = new Anthropic({ apiKey: 'sk-ant-host-0000000000000', baseURL: server.baseURL });
    let caught: unknown;
    try {
      createAnthropic({ client, apiKey: 'x', headers: { a: 'b' }, defaultMaxTokens: 0 });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
    expect((caught as ConfigError).issues.map((i) => i.path)).toEqual([
      'apiKey',
      'headers',
      'defaultMaxTokens',
    ]);
    expect(() => createAnthropic({ baseURL: 'not a url' })).toThrow(
      /baseURL: must be an absolute URL/,
    );
  });

  it('reads ANTHROPIC_API_KEY at the first call and names it when it is missing', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    const lazy = createAnthropic({ baseURL: server.baseURL });
    const error = await rejectionOf(lazy.chat(ask(), signal()));
    expect(AuthError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'anthropic: no API key. Set ANTHROPIC_API_KEY, or pass `apiKey` to createAnthropic().',
    );
    expect(server.requests).toHaveLength(0);
    vi.stubEnv('ANTHROPIC_API_KEY', server.apiKey);
    expect((await lazy.chat(ask(), signal())).text).toBe('Hello from the fake Anthropic server.');
    await lazy.close?.();
  });

  it('the default `anthropic` instance reads the environment when first used', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', server.apiKey);
    vi.stubEnv('ANTHROPIC_BASE_URL', server.baseURL);
    server.reply('from the default instance');
    expect(anthropic.id).toBe('anthropic');
    expect((await anthropic.chat(ask(), signal())).text).toBe('from the default instance');
    expect(server.requests).toHaveLength(1);
  });
});

describe('createAnthropic: models', () => {
  it('knows model families, dated snapshots and -latest aliases', () => {
    expect(provider.getModelInfo?.('claude-sonnet-4-5-20250929')).toEqual({
      id: 'claude-sonnet-4-5-20250929',
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      capabilities: { tools: true, json: true, jsonSchema: true, streaming: true },
    });
    expect(provider.getModelInfo?.('claude-3-5-haiku-latest')?.maxOutputTokens).toBe(8_192);
    expect(provider.getModelInfo?.('claude-opus-4-20250514')?.maxOutputTokens).toBe(32_000);
    expect(provider.getModelInfo?.('claude-2.1')).toBeUndefined();
    const custom = createAnthropic({
      apiKey: 'sk-ant-unused-0000000000',
      models: { 'claude-next': { contextWindow: 500_000, maxOutputTokens: 100_000 } },
    });
    expect(custom.getModelInfo?.('claude-next')).toMatchObject({
      contextWindow: 500_000,
      capabilities: { jsonSchema: true },
    });
  });
});

describe('createAnthropic: the SDK under test', () => {
  // A matrix job (vitest.matrix.ts, decision 093) swaps @anthropic-ai/sdk for a range end; this proves the
  // swap reached the wire: the SDK names its own version in every request.
  it('is the version the matrix job names, else the devDependency', async () => {
    const spec = process.env.SWITCHYARD_MATRIX ?? '';
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const expected = spec.startsWith('@anthropic-ai/sdk@')
      ? spec.slice('@anthropic-ai/sdk@'.length)
      : manifest.devDependencies['@anthropic-ai/sdk'];
    await provider.chat(ask(), signal());
    expect(server.lastRequest?.headers['x-stainless-package-version']).toBe(expected);
  });
});
