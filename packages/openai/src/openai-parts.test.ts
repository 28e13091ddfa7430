import { createRouter, InvalidRequestError, type Router } from '@switchyard/core';
import { createMockProvider, type FakeServer, startFakeOpenAI } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

// Image parts through the real OpenAI SDK to the fake server, and what the server received.

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
let server: FakeServer;
let router: Router;

beforeEach(async () => {
  server = await startFakeOpenAI();
  router = createRouter({
    providers: [createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
    cache: {},
  });
});

afterEach(async () => {
  await router.close();
  await server.close();
});

describe('content parts to OpenAI', () => {
  it('sends text, an image URL and base64 data as image_url parts', async () => {
    server.reply('A red pixel.');
    const answer = await router.chat({
      model: 'openai:gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these images?' },
            { type: 'image', url: 'https://example.com/cat.png' },
            { type: 'image', data: PNG, mediaType: 'image/png' },
          ],
        },
      ],
    });
    expect(answer.text).toBe('A red pixel.');
    const body = server.lastRequest?.body as { messages: unknown[] };
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these images?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      },
    ]);
    expect(server.lastRequest?.chat?.messages[0]).toMatchObject({
      role: 'user',
      content: [
        { type: 'text' },
        { type: 'image', url: 'https://example.com/cat.png' },
        { type: 'image', url: `data:image/png;base64,${PNG}` },
      ],
    });
  });

  it('does not answer a request from the cache entry of one that differs only in its image', async () => {
    server.reply('a cat').reply('a dog');
    const ask = (url: string) =>
      router.chat({
        model: 'openai:gpt-4o-mini',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What animal?' },
              { type: 'image', url },
            ],
          },
        ],
      });
    expect((await ask('https://example.com/cat.png')).text).toBe('a cat');
    const dog = await ask('https://example.com/dog.png');
    expect(dog).toMatchObject({ text: 'a dog', cached: false });
    const again = await ask('https://example.com/cat.png');
    expect(again).toMatchObject({ text: 'a cat', cached: true });
    expect(server.requests).toHaveLength(2);
  });

  it('skips a text-only model for an image request and answers with a vision model', async () => {
    server.reply('ok');
    const answer = await router.chat({
      model: ['openai:gpt-3.5-turbo', 'openai:gpt-4o-mini'],
      messages: [{ role: 'user', content: [{ type: 'image', data: PNG, mediaType: 'image/png' }] }],
    });
    expect(answer.model).toBe('gpt-4o-mini');
    expect(answer.route.attempts[0]).toMatchObject({
      model: 'gpt-3.5-turbo',
      outcome: 'skipped',
      skipReason: 'capability',
    });
    expect(server.requests.map((r) => (r.body as { model: string }).model)).toEqual([
      'gpt-4o-mini',
    ]);
  });

  it('refuses images for text-only models with a typed error before any call', async () => {
    const mock = createMockProvider({
      id: 'local',
      models: { 'text-only': { capabilities: { vision: false } } },
    });
    const local = createRouter({
      providers: [mock, createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })],
    });
    const error = await local
      .chat({
        model: ['openai:gpt-3.5-turbo', 'local:text-only'],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              { type: 'image', url: 'https://example.com/a.png' },
            ],
          },
        ],
      })
      .catch((e: unknown) => e);
    await local.close();
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unsupported_content' });
    expect((error as Error).message).toContain('openai:gpt-3.5-turbo lacks image input');
    expect((error as Error).message).toContain('local:text-only lacks image input');
    expect(server.requests).toHaveLength(0);
    expect(mock.calls).toHaveLength(0);
  });

  it('rejects malformed parts with one error naming each, before any call', async () => {
    const error = await router
      .chat({
        model: 'openai:gpt-4o-mini',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', data: 'not base64!', mediaType: 'image/png' },
              { type: 'image', data: PNG, mediaType: 'image/tiff' as 'image/png' },
              { type: 'image', url: 'ftp://example.com/a.png' },
              { type: 'audio' } as never,
            ],
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_request' });
    const message = (error as Error).message;
    expect(message).toContain('messages[0].content[0].data: expected base64 text');
    expect(message).toContain('messages[0].content[1].mediaType');
    expect(message).toContain('messages[0].content[2].url');
    expect(message).toContain('messages[0].content[3].type');
    expect(message).not.toContain('not base64!');
    expect(server.requests).toHaveLength(0);
  });
});
