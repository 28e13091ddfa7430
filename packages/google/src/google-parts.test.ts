import { createRouter, type Router } from '@switchyard/core';
import { type FakeServer, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleGenAI } from './google-genai-provider.js';
import { createGoogle } from './google-provider.js';

// Image parts through the real Google SDKs to the fake server (embeddings: google-embed.test.ts).

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
