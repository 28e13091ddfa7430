import { createRouter, type Router } from '@switchyard/core';
import { type FakeServer, startFakeAnthropic } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropic } from './anthropic-provider.js';

// Image parts through the real Anthropic SDK to the fake server: base64 and URL sources, and a
// data: URL opened into base64 (Anthropic takes no data: URLs).

const GIF = 'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
let server: FakeServer;
let router: Router;

beforeEach(async () => {
  server = await startFakeAnthropic();
  router = createRouter({
    providers: [createAnthropic({ apiKey: server.apiKey, baseURL: server.baseURL })],
  });
});

afterEach(async () => {
  await router.close();
  await server.close();
});

describe('content parts to Anthropic', () => {
  it('sends image blocks with base64 and URL sources, in order with the text', async () => {
    server.reply('Two images.');
    const answer = await router.chat({
      model: 'anthropic:claude-haiku-4-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', data: GIF, mediaType: 'image/gif' },
            { type: 'image', url: `data:image/gif;base64,${GIF}` },
            { type: 'image', url: 'https://example.com/b.jpg' },
          ],
        },
      ],
    });
    expect(answer.text).toBe('Two images.');
    const body = server.lastRequest?.body as { messages: unknown[] };
    const base64 = { type: 'base64', media_type: 'image/gif', data: GIF };
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image', source: base64 },
          { type: 'image', source: base64 },
          { type: 'image', source: { type: 'url', url: 'https://example.com/b.jpg' } },
        ],
      },
    ]);
    expect(server.lastRequest?.chat?.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image', data: GIF, mediaType: 'image/gif' },
          { type: 'image', data: GIF, mediaType: 'image/gif' },
          { type: 'image', url: 'https://example.com/b.jpg' },
        ],
      },
    ]);
  });

  it('skips text-only Claude 3.5 Haiku for an image and asks the next candidate', async () => {
    server.reply('ok');
    const answer = await router.chat({
      model: ['anthropic:claude-3-5-haiku-latest', 'anthropic:claude-sonnet-4-5'],
      messages: [{ role: 'user', content: [{ type: 'image', data: GIF, mediaType: 'image/gif' }] }],
    });
    expect(answer.model).toBe('claude-sonnet-4-5');
    expect(server.requests).toHaveLength(1);
    expect(server.lastRequest?.body).toMatchObject({ model: 'claude-sonnet-4-5' });
  });

  it('says Anthropic has no embeddings', async () => {
    const error = await router
      .embed({ model: 'anthropic:claude-haiku-4-5', input: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no_embeddings' });
    expect(server.requests).toHaveLength(0);
  });
});
