import { createRouter } from '@switchyard/core';
import { startFakeGroq } from '@switchyard/testing';
import { describe, expect, it } from 'vitest';
import { createGroq } from './groq-provider.js';

// Image parts through groq-sdk to the fake server: chat-completions `image_url` parts, only to
// Groq's vision models; and Groq has no embeddings.

const JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////2wBDAf//////////////////////////////////////////////////////////////////////////////////////wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKf/2Q==';

describe('content parts to Groq', () => {
  it('sends images to a Llama 4 model, skipping a text-only one, and has no embeddings', async () => {
    const server = await startFakeGroq();
    const router = createRouter({
      providers: [createGroq({ apiKey: server.apiKey, baseURL: server.baseURL })],
    });
    try {
      server.reply('A tiny image.');
      const answer = await router.chat({
        model: ['groq:llama-3.3-70b-versatile', 'groq:meta-llama/llama-4-scout-17b-16e-instruct'],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              { type: 'image', data: JPEG, mediaType: 'image/jpeg' },
            ],
          },
        ],
      });
      expect(answer.model).toBe('meta-llama/llama-4-scout-17b-16e-instruct');
      expect(answer.route.attempts[0]).toMatchObject({
        outcome: 'skipped',
        skipReason: 'capability',
      });
      const body = server.lastRequest?.body as { messages: unknown[] };
      expect(body.messages).toEqual([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe' },
            { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${JPEG}` } },
          ],
        },
      ]);
      const error = await router
        .embed({ model: 'groq:llama-3.3-70b-versatile', input: 'x' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'no_embeddings' });
      expect(server.requests).toHaveLength(1);
    } finally {
      await router.close();
      await server.close();
    }
  });
});
