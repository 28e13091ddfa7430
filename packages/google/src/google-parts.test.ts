import { createRouter, type Router } from '@switchyard/core';
import { type FakeServer, fakeEmbedding, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleGenAI } from './google-genai-provider.js';
import { createGoogle } from './google-provider.js';

// Image parts and embeddings through the real @google/generative-ai SDK to the fake server.

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
let server: FakeServer;
let router: Router;

beforeEach(async () => {
  server = await startFakeGoogle();
  router = createRouter({
    providers: [createGoogle({ apiKey: server.apiKey, baseURL: server.baseURL })],
    retry: { maxRetries: 1, initialDelayMs: 1 },
    cache: {},
  });
});

afterEach(async () => {
  await router.close();
  await server.close();
});

describe('content parts to Gemini', () => {
  it('sends base64 images as inlineData and URLs as fileData', async () => {
    server.reply('A pixel.');
    await router.chat({
      model: 'google:gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', url: `data:image/png;base64,${PNG}` },
            { type: 'image', url: 'https://example.com/a.webp', mediaType: 'image/webp' },
          ],
        },
      ],
    });
    const body = server.lastRequest?.body as { contents: unknown[] };
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'What is this?' },
          { inlineData: { mimeType: 'image/png', data: PNG } },
          { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/a.webp' } },
        ],
      },
    ]);
    expect(server.lastRequest?.chat?.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', data: PNG, mediaType: 'image/png' },
        { type: 'image', url: 'https://example.com/a.webp', mediaType: 'image/webp' },
      ],
    });
  });

  it('refuses an image URL without a media type before calling Gemini', async () => {
    const error = await router
      .chat({
        model: 'google:gemini-2.5-flash',
        messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/a' }] }],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'image_media_type' });
    expect((error as Error).message).toContain('give the part a mediaType');
    expect(server.requests).toHaveLength(0);
  });
});

describe('content parts through @google/genai', () => {
  it('reach the server as the same inlineData and fileData parts', async () => {
    server.reply('A pixel.');
    const genai = createGoogleGenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
    await genai.chat(
      {
        model: 'gemini-2.5-flash',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', data: PNG, mediaType: 'image/png' },
              { type: 'image', url: 'https://example.com/a.gif', mediaType: 'image/gif' },
            ],
          },
        ],
      },
      { signal: new AbortController().signal },
    );
    expect(server.lastRequest?.chat?.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'image', data: PNG, mediaType: 'image/png' },
        { type: 'image', url: 'https://example.com/a.gif', mediaType: 'image/gif' },
      ],
    });
  });
});

describe('router.embed with Gemini', () => {
  it('embeds through batchEmbedContents, with estimated usage and the price table', async () => {
    const answer = await router.embed({
      model: 'google:gemini-embedding-001',
      input: ['alpha', 'beta gamma'],
      dimensions: 5,
    });
    expect(server.lastRequest?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(server.lastRequest?.embed).toEqual({
      model: 'gemini-embedding-001',
      input: ['alpha', 'beta gamma'],
      dimensions: 5,
    });
    expect(answer.embeddings).toEqual([fakeEmbedding('alpha', 5), fakeEmbedding('beta gamma', 5)]);
    expect(answer.usage.inputTokens).toBeGreaterThan(0);
    expect(answer.costUsd).toBeCloseTo((answer.usage.inputTokens * 0.15) / 1_000_000, 12);
  });

  it('retries a 503 and maps a bad key to an auth error', async () => {
    server.fail(503);
    const answer = await router.embed({ model: 'google:text-embedding-004', input: 'x' });
    expect(answer.route.attempts.map((a) => a.outcome)).toEqual(['error', 'success']);
    const wrong = createRouter({
      providers: [createGoogle({ apiKey: 'wrong-key', baseURL: server.baseURL })],
    });
    const error = await wrong
      .embed({ model: 'google:text-embedding-004', input: 'x' })
      .catch((e: unknown) => e);
    await wrong.close();
    expect(error).toMatchObject({ kind: 'auth', provider: 'google' });
    expect(String(error)).not.toContain('wrong-key');
  });
});
