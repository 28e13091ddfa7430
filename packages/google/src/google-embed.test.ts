import {
  createRouter,
  estimateTokens,
  InvalidRequestError,
  InvalidResponseError,
  type Router,
} from '@switchyard/core';
import { type FakeServer, fakeEmbedding, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SDKS } from './google-test-fixtures.js';

// router.embed through each real Google SDK against the fake Gemini server: both send one
// `:batchEmbedContents` call, so they pass the very same tests.

describe.each(SDKS)('router.embed with Gemini through $name', ({ create }) => {
  let server: FakeServer;
  let router: Router;

  beforeEach(async () => {
    server = await startFakeGoogle();
    router = createRouter({
      providers: [create({ apiKey: server.apiKey, baseURL: server.baseURL })],
      retry: { maxRetries: 1, initialDelayMs: 1 },
      cache: {},
    });
  });

  afterEach(async () => {
    await router.close();
    await server.close();
  });

  it('embeds several inputs in one batchEmbedContents call, with estimated usage and cost', async () => {
    const answer = await router.embed({
      model: 'google:gemini-embedding-001',
      input: ['alpha', 'beta gamma'],
      dimensions: 5,
    });
    expect(server.requests).toHaveLength(1);
    // @google/genai's API version: v1beta in its version 2, v1 in 3 (same call in both).
    expect(server.lastRequest?.path).toMatch(
      /^\/v1(?:beta)?\/models\/gemini-embedding-001:batchEmbedContents$/,
    );
    expect(server.lastRequest?.headers['x-goog-api-key']).toBe(server.apiKey);
    expect(server.lastRequest?.body).toEqual({
      requests: ['alpha', 'beta gamma'].map((text) => ({
        model: 'models/gemini-embedding-001',
        content: { role: 'user', parts: [{ text }] },
        outputDimensionality: 5,
      })),
    });
    expect(server.lastRequest?.embed).toEqual({
      model: 'gemini-embedding-001',
      input: ['alpha', 'beta gamma'],
      dimensions: 5,
    });
    expect(answer.embeddings).toEqual([fakeEmbedding('alpha', 5), fakeEmbedding('beta gamma', 5)]);
    // Gemini reports no token counts for embeddings: the core's estimate stands in.
    const estimate = Math.ceil(estimateTokens('alpha') + estimateTokens('beta gamma'));
    expect(answer.usage).toEqual({ inputTokens: estimate });
    expect(answer.costUsd).toBeCloseTo((estimate * 0.15) / 1_000_000, 12);
    expect(answer).toMatchObject({ provider: 'google', model: 'gemini-embedding-001' });
  });

  it('returns one vector per input for gemini-embedding-2 models, at their own size', async () => {
    const answer = await router.embed({
      model: 'google:gemini-embedding-2-preview',
      input: ['one', 'two', 'three'],
    });
    expect(server.lastRequest?.embed?.input).toEqual(['one', 'two', 'three']);
    expect(answer.embeddings).toEqual(['one', 'two', 'three'].map((text) => fakeEmbedding(text)));
  });

  it('retries a 503, maps a 400 without retrying it, and a bad key to an auth error', async () => {
    server.fail(503);
    const answer = await router.embed({ model: 'google:text-embedding-004', input: 'x' });
    expect(answer.route.attempts.map((a) => a.outcome)).toEqual(['error', 'success']);
    server.fail(400, { message: 'Request contains an invalid argument.' });
    const refused = await router
      .embed({ model: 'google:text-embedding-004', input: 'y' })
      .catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toContain('Request contains an invalid argument.');
    expect(server.requests).toHaveLength(3);
    const wrong = createRouter({
      providers: [create({ apiKey: 'wrong-key', baseURL: server.baseURL })],
    });
    const error = await wrong
      .embed({ model: 'google:text-embedding-004', input: 'x' })
      .catch((e: unknown) => e);
    await wrong.close();
    expect(error).toMatchObject({ kind: 'auth', provider: 'google' });
    expect(String(error)).not.toContain('wrong-key');
  });

  it('refuses an answer without one vector per input', async () => {
    server.raw(JSON.stringify({ embeddings: [{ values: [0.5, 0.25] }] }), {
      headers: { 'content-type': 'application/json' },
    });
    const provider = create({ apiKey: server.apiKey, baseURL: server.baseURL });
    const error = await provider
      .embed?.(
        { model: 'text-embedding-004', input: ['a', 'b'] },
        { signal: new AbortController().signal },
      )
      .catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('one embedding vector per input');
  });

  it('ends a hung call at the request deadline and hangs up on the vendor', async () => {
    server.hang();
    const error = await router
      .embed({ model: 'google:text-embedding-004', input: 'slow', timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', scope: 'total' });
    await expect.poll(() => server.lastRequest?.disconnected, { timeout: 5_000 }).toBe(true);
  });

  it("stops at the caller's abort, and makes no call for a signal already aborted", async () => {
    server.hang();
    const controller = new AbortController();
    const pending = router
      .embed({ model: 'google:text-embedding-004', input: 'wait', signal: controller.signal })
      .catch((e: unknown) => e);
    await server.waitForRequests(1);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'abort' });
    await expect.poll(() => server.lastRequest?.disconnected, { timeout: 5_000 }).toBe(true);
    const provider = create({ apiKey: server.apiKey, baseURL: server.baseURL });
    const early = await provider
      .embed?.(
        { model: 'text-embedding-004', input: ['never sent'] },
        { signal: AbortSignal.abort() },
      )
      .catch((e: unknown) => e);
    expect(early).toMatchObject({ kind: 'abort', provider: 'google' });
    expect(server.requests).toHaveLength(1);
  });
});
