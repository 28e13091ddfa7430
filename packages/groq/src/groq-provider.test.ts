import { readFileSync } from 'node:fs';
import { AuthError, ConfigError, type Provider, type ProviderRequest } from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeGroq } from '@switchyard/testing';
import Groq from 'groq-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { groq } from './groq-default.js';
import { createGroq } from './groq-provider.js';

// What is particular to Groq, on top of the shared contract (groq-contract.test.ts): its path and
// body, usage and errors in `x_groq`, error bodies that groq-sdk keeps whole, a host-supplied
// client, the lazy environment key and the model table. Always through the real SDK.

let server: FakeServer;
let provider: Provider;
const signal = () => ({ signal: new AbortController().signal });
const ask = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'llama-3.3-70b-versatile',
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

const sse = (...frames: unknown[]) =>
  frames.map((f) => `data: ${typeof f === 'string' ? f : JSON.stringify(f)}\n\n`).join('');
const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'llama-3.3-70b-versatile',
  choices: [{ index: 0, finish_reason: null, ...choice }],
  ...extra,
});
const streamHeaders = { headers: { 'content-type': 'text/event-stream' } };

beforeEach(async () => {
  server = await startFakeGroq();
  provider = createGroq({ apiKey: server.apiKey, baseURL: server.baseURL });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await provider.close?.();
  await server.close();
});

describe('createGroq: the wire', () => {
  it('posts to /openai/v1/chat/completions with max_completion_tokens and no stream_options', async () => {
    await provider.chat(ask({ maxTokens: 64, responseFormat: { type: 'json' } }), signal());
    expect(server.lastRequest).toMatchObject({
      path: '/openai/v1/chat/completions',
      body: {
        model: 'llama-3.3-70b-versatile',
        messages: [{ role: 'user', content: 'Hi' }],
        max_completion_tokens: 64,
        response_format: { type: 'json_object' },
      },
    });
    await drainStream(provider.stream(ask(), signal()));
    expect(server.lastRequest?.body).toMatchObject({ stream: true });
    expect(server.lastRequest?.body).not.toHaveProperty('stream_options');
    expect(server.lastRequest?.headers['x-stainless-retry-count']).toBe('0');
  });

  it('raises a stream stopped by x_groq.error as a typed error', async () => {
    server.raw(
      sse(
        chunk({ delta: { role: 'assistant', content: 'Par' } }),
        chunk(
          { delta: {} },
          { x_groq: { id: 'req_1', error: 'model overloaded, stream stopped' } },
        ),
        '[DONE]',
      ),
      streamHeaders,
    );
    const { parts, error } = await drainStream(provider.stream(ask(), signal()));
    expect(parts).toEqual([{ type: 'text-delta', text: 'Par' }]);
    expect(error).toMatchObject({ kind: 'server', retryable: true });
    expect((error as Error).message).toContain('model overloaded, stream stopped');
  });

  it('raises a top-level error frame, and a rate-limit frame as a rate limit', async () => {
    server.raw(
      sse(chunk({ delta: { content: 'a' } }), {
        error: { message: 'slow down', type: 'tokens', code: 'rate_limit_exceeded' },
      }),
      streamHeaders,
    );
    const { error } = await drainStream(provider.stream(ask(), signal()));
    expect(error).toMatchObject({ kind: 'rate-limit', code: 'rate_limit_exceeded' });
    expect((error as Error).message).toContain('slow down');
  });

  it('treats a stream whose finish chunk carries no x_groq.usage as truncated', async () => {
    server.raw(
      sse(
        chunk({ delta: { content: 'ok' } }),
        chunk({ delta: {}, finish_reason: 'stop' }),
        '[DONE]',
      ),
      streamHeaders,
    );
    const { error } = await drainStream(provider.stream(ask(), signal()));
    expect(error).toMatchObject({ kind: 'connection', code: 'stream_truncated' });
  });

  it("reads Groq's message and code from the whole body that groq-sdk keeps", async () => {
    server.fail(429, { retryAfter: 10 });
    const error = await rejectionOf(provider.chat(ask(), signal()));
    expect(error.message).toContain('groq 429: Rate limit reached for model');
    expect(error.message).not.toContain('{"error"');
    expect(error).toMatchObject({
      kind: 'rate-limit',
      code: 'rate_limit_exceeded',
      retryAfterMs: 10_000,
      requestId: 'req_fake_1',
    });
  });
});

describe('createGroq: clients and keys', () => {
  it("uses the host's client with retries off per call, and leaves it usable after close()", async () => {
    const client = new Groq({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries: 5 });
    const hosted = createGroq({ client });
    server.fail(503);
    expect((await rejectionOf(hosted.chat(ask(), signal()))).kind).toBe('server');
    expect(server.requests).toHaveLength(1);
    await hosted.close?.();
    server.reply('still mine');
    const direct = await client.chat.completions.create({
      model: 'llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(direct.choices[0]?.message.content).toBe('still mine');
  });

  it('refuses contradictory or malformed options with one ConfigError', () => {
    const client = new Groq({ apiKey: 'gsk_host_000000000000000', baseURL: server.baseURL });
    let caught: unknown;
    try {
      createGroq({ client, headers: { a: 'b' }, id: '' });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
    expect((caught as ConfigError).issues.map((i) => i.path)).toEqual(['headers', 'id']);
  });

  it('reads GROQ_API_KEY at the first call and names it when it is missing', async () => {
    vi.stubEnv('GROQ_API_KEY', '');
    const lazy = createGroq({ baseURL: server.baseURL });
    const error = await rejectionOf(lazy.chat(ask(), signal()));
    expect(AuthError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'groq: no API key. Set GROQ_API_KEY, or pass `apiKey` to createGroq().',
    );
    expect(server.requests).toHaveLength(0);
    vi.stubEnv('GROQ_API_KEY', server.apiKey);
    expect((await lazy.chat(ask(), signal())).text).toBe('Hello from the fake Groq server.');
    await lazy.close?.();
  });

  it('the default `groq` instance reads the environment when first used', async () => {
    vi.stubEnv('GROQ_API_KEY', server.apiKey);
    vi.stubEnv('GROQ_BASE_URL', server.baseURL);
    server.reply('from the default instance');
    expect(groq.id).toBe('groq');
    expect((await groq.chat(ask(), signal())).text).toBe('from the default instance');
    expect(server.requests).toHaveLength(1);
  });
});

describe('createGroq: models', () => {
  it('knows its models, with structured outputs only where Groq offers them', () => {
    expect(provider.getModelInfo?.('llama-3.1-8b-instant')).toMatchObject({
      contextWindow: 131_072,
      capabilities: { tools: true, jsonSchema: false },
    });
    expect(provider.getModelInfo?.('openai/gpt-oss-120b')?.capabilities.jsonSchema).toBe(true);
    expect(provider.getModelInfo?.('moonshotai/kimi-k2-instruct-0905')?.contextWindow).toBe(
      262_144,
    );
    expect(provider.getModelInfo?.('llama3-70b-8192')?.contextWindow).toBe(8_192);
    expect(provider.getModelInfo?.('not-a-groq-model')).toBeUndefined();
    const custom = createGroq({
      apiKey: 'gsk_unused_0000000000',
      models: { 'new-model': { contextWindow: 1_000 } },
    });
    expect(custom.getModelInfo?.('new-model')?.contextWindow).toBe(1_000);
  });
});

describe('createGroq: the SDK under test', () => {
  // A matrix job (vitest.matrix.ts, decision 093) swaps groq-sdk for a range end; this proves the
  // swap reached the wire: the SDK names its own version in every request.
  it('is the version the matrix job names, else the devDependency', async () => {
    const spec = process.env.SWITCHYARD_MATRIX ?? '';
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const expected = spec.startsWith('groq-sdk@')
      ? spec.slice('groq-sdk@'.length)
      : manifest.devDependencies['groq-sdk'];
    await provider.chat(ask(), signal());
    expect(server.lastRequest?.headers['x-stainless-package-version']).toBe(expected);
  });
});
