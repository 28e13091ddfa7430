import { createRouter, InvalidRequestError, type Router, type RouterEvent } from '@switchyard/core';
import {
  createMockProvider,
  type FakeServer,
  fakeEmbedding,
  startFakeOpenAI,
} from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

// router.embed through the real OpenAI SDK against the fake server's /v1/embeddings.

let server: FakeServer;
let router: Router;

beforeEach(async () => {
  server = await startFakeOpenAI();
  router = createRouter({
    providers: [
      createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL }),
      createMockProvider({ id: 'mock' }),
    ],
    models: { vectors: ['openai:text-embedding-3-small', 'openai:text-embedding-3-large'] },
    retry: { maxRetries: 1, initialDelayMs: 1 },
    cache: {},
  });
});

afterEach(async () => {
  await router.close();
  await server.close();
});

describe('router.embed with OpenAI', () => {
  it('embeds several inputs in one call, with usage and cost from the price table', async () => {
    const answer = await router.embed({
      model: 'openai:text-embedding-3-small',
      input: ['red', 'green apple'],
    });
    expect(answer.embeddings).toEqual([fakeEmbedding('red'), fakeEmbedding('green apple')]);
    // The fake counts four characters a token: 1 + 3.
    expect(answer.usage).toEqual({ inputTokens: 4 });
    expect(answer.costUsd).toBeCloseTo((4 * 0.02) / 1_000_000, 12);
    expect(answer).toMatchObject({
      provider: 'openai',
      model: 'text-embedding-3-small',
      cached: false,
    });
    expect(server.requests).toHaveLength(1);
    expect(server.lastRequest?.path).toBe('/v1/embeddings');
    expect(server.lastRequest?.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['red', 'green apple'],
      encoding_format: 'float',
    });
  });

  it('passes dimensions and returns vectors of that size', async () => {
    const answer = await router.embed({
      model: 'openai:text-embedding-3-large',
      input: 'one',
      dimensions: 3,
    });
    expect(server.lastRequest?.embed).toEqual({
      model: 'text-embedding-3-large',
      input: ['one'],
      dimensions: 3,
    });
    expect(answer.embeddings).toEqual([fakeEmbedding('one', 3)]);
  });

  it('retries a server error, then falls back to the next model of the alias', async () => {
    server.fail(500).fail(503).fail(500);
    const answer = await router.embed({ model: 'vectors', input: 'hello' });
    expect(answer.model).toBe('text-embedding-3-large');
    expect(answer.route.attempts.map((a) => [a.model, a.retry, a.outcome])).toEqual([
      ['text-embedding-3-small', 0, 'error'],
      ['text-embedding-3-small', 1, 'error'],
      ['text-embedding-3-large', 0, 'error'],
      ['text-embedding-3-large', 1, 'success'],
    ]);
    expect(server.requests.map((r) => r.embed?.model)).toEqual([
      'text-embedding-3-small',
      'text-embedding-3-small',
      'text-embedding-3-large',
      'text-embedding-3-large',
    ]);
  });

  it('answers a repeated request from the cache, apart from chat and other sizes', async () => {
    const first = await router.embed({ model: 'openai:text-embedding-3-small', input: 'cache me' });
    const second = await router.embed({
      model: 'openai:text-embedding-3-small',
      input: 'cache me',
    });
    expect(second).toMatchObject({ cached: true, costUsd: 0, embeddings: first.embeddings });
    const shorter = await router.embed({
      model: 'openai:text-embedding-3-small',
      input: 'cache me',
      dimensions: 4,
    });
    expect(shorter.cached).toBe(false);
    expect(shorter.embeddings[0]).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
    expect(router.stats().cache).toMatchObject({ hits: 1, writes: 2 });
  });

  it('counts embeddings in stats and events like any answer', async () => {
    const events: RouterEvent[] = [];
    router.on('response', (e) => events.push(e));
    router.on('request-error', (e) => events.push(e));
    await router.embed({ model: 'openai:text-embedding-3-small', input: 'abcdefgh', tenant: 't1' });
    server.fail(400);
    await router
      .embed({ model: 'openai:text-embedding-3-small', input: 'x', cache: 'bypass' })
      .catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    const stats = router.stats();
    expect(stats.total).toMatchObject({ requests: 2, errors: 1, tokens: { input: 2 } });
    expect(stats.total.costUsd).toBeCloseTo((2 * 0.02) / 1_000_000, 12);
    expect(stats.byTenant.t1).toMatchObject({ requests: 1 });
    expect(stats.byModel['openai:text-embedding-3-small']).toMatchObject({ requests: 1 });
    expect(events.map((e) => e.type)).toEqual(['response', 'request-error']);
    expect(events[0]).toMatchObject({
      provider: 'openai',
      tenant: 't1',
      usage: { inputTokens: 2 },
    });
  });

  it('skips a provider without embeddings, and says so when none is left', async () => {
    const answer = await router.embed({
      model: ['mock:any', 'openai:text-embedding-3-small'],
      input: 'hi',
    });
    expect(answer.route.attempts[0]).toMatchObject({
      provider: 'mock',
      outcome: 'skipped',
      skipReason: 'no-embeddings',
    });
    const error = await router.embed({ model: 'mock:any', input: 'hi' }).catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'no_embeddings' });
    expect((error as Error).message).toContain('mock:any has none');
  });

  it('opens the breaker on failed embedding calls, then skips the model without a call', async () => {
    const guarded = createRouter({
      providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
      models: { vectors: ['openai:text-embedding-3-small', 'openai:text-embedding-3-large'] },
      retry: { maxRetries: 0 },
      breaker: { failureThreshold: 2, resetTimeoutMs: 60_000 },
    });
    try {
      server.fail(500).fail(500).fail(500).fail(500);
      await guarded.embed({ model: 'vectors', input: 'a' }).catch(() => undefined);
      await guarded.embed({ model: 'vectors', input: 'a' }).catch(() => undefined);
      expect(server.requests).toHaveLength(4);
      const error = await guarded.embed({ model: 'vectors', input: 'a' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'no-provider' });
      expect((error as { attempts: unknown[] }).attempts).toEqual([
        expect.objectContaining({ outcome: 'skipped', skipReason: 'breaker-open' }),
        expect.objectContaining({ outcome: 'skipped', skipReason: 'breaker-open' }),
      ]);
      expect(server.requests).toHaveLength(4);
      expect(guarded.health().breakers.map((b) => b.state)).toEqual(['open', 'open']);
    } finally {
      await guarded.close();
    }
  });

  it('ends a hung call at the request deadline and hangs up on the vendor', async () => {
    server.hang();
    const error = await router
      .embed({ model: 'openai:text-embedding-3-small', input: 'slow', timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', scope: 'total' });
    await expect.poll(() => server.lastRequest?.disconnected, { timeout: 5_000 }).toBe(true);
  });

  it('rejects bad input before any call, and maps vendor errors', async () => {
    const bad = await router
      .embed({ model: 'openai:text-embedding-3-small', input: ['ok', ''], dimensions: 0 })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'invalid_request' });
    expect((bad as Error).message).toContain('input: every entry must be a non-empty string');
    expect((bad as Error).message).toContain('dimensions: expected a positive integer');
    expect(server.requests).toHaveLength(0);
    // ada-002 takes no dimensions: OpenAI's 400, typed, not retried.
    const refused = await router
      .embed({ model: 'openai:text-embedding-ada-002', input: 'x', dimensions: 8 })
      .catch((e: unknown) => e);
    expect(InvalidRequestError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toContain('does not support specifying dimensions');
    expect(server.requests).toHaveLength(1);
  });
});
