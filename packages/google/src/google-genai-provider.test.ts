import { readFileSync } from 'node:fs';
import { GoogleGenAI } from '@google/genai';
import type { Provider } from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGoogleGenAI } from './google-genai-provider.js';
import { armedTimers, ask, signal } from './google-test-fixtures.js';

// What is particular to the adapter on @google/genai, on top of the contract suite
// (google-genai-contract.test.ts), what both SDKs' adapters do alike (google-answers.test.ts: the
// wire body after the SDK's own conversion, usage, errors read from its ApiError, blocked prompts,
// in-band stream errors it throws, broken streams; google-options.test.ts: options, keys, models)
// and the reasoning, tools and router tests run on both SDKs (vitest.config.ts): fields the SDK
// does not know passed through, no SDK retries, dropped connections, timers and a host-supplied
// client. Always through the real SDK against the fake server.

let server: FakeServer;
let provider: Provider;

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

describe('createGoogleGenAI: errors, blocks and broken streams', () => {
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
    const armed = armedTimers();
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
});

describe('createGoogleGenAI: the SDK under test', () => {
  // A matrix job (vitest.matrix.ts, decision 093) swaps @google/genai for a range end; this proves the
  // swap reached the wire: the SDK names its own version in every request.
  it('is the version the matrix job names, else the devDependency', async () => {
    const spec = process.env.SWITCHYARD_MATRIX ?? '';
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const expected = spec.startsWith('@google/genai@')
      ? spec.slice('@google/genai@'.length)
      : manifest.devDependencies['@google/genai'];
    await provider.chat(ask(), signal());
    expect(server.lastRequest?.headers['x-goog-api-client']).toMatch(
      new RegExp(`^google-genai-sdk/${expected.replaceAll('.', '\\.')} `),
    );
  });
});
