import { afterEach, describe, expect, it } from 'vitest';
import { fakeEmbedding } from './fake-embeddings.js';
import type { FakeServer } from './fake-server.js';
import { startFakeGoogle } from './google-fake.js';
import { startFakeGroq } from './groq-fake.js';
import { startFakeOpenAI } from './openai-fake.js';

// The embeddings endpoints, checked with plain fetch: answers, the OpenAI SDK's base64 encoding,
// refusals, scripted failures, and Groq (no embeddings) answering 404.

let server: FakeServer;
afterEach(async () => {
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const bearer = () => ({ authorization: `Bearer ${server.apiKey}` });

describe('fake embeddings', () => {
  it('OpenAI: floats, or little-endian float32 in base64 as the SDK asks by default', async () => {
    server = await startFakeOpenAI();
    const floats = await post(
      '/v1/embeddings',
      { model: 'text-embedding-3-small', input: 'hi' },
      bearer(),
    );
    expect(await floats.json()).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: fakeEmbedding('hi') }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
    const encoded = await post(
      '/v1/embeddings',
      { model: 'text-embedding-3-small', input: ['hi'], encoding_format: 'base64' },
      bearer(),
    );
    const data = ((await encoded.json()) as { data: { embedding: string }[] }).data;
    const bytes = Buffer.from(data[0]?.embedding ?? '', 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    expect(decoded).toHaveLength(fakeEmbedding('hi').length);
    for (const [i, value] of decoded.entries())
      expect(value).toBeCloseTo(fakeEmbedding('hi')[i] as number, 6);
  });

  it('OpenAI: refuses what OpenAI refuses, and plays scripted failures', async () => {
    server = await startFakeOpenAI();
    const empty = await post(
      '/v1/embeddings',
      { model: 'text-embedding-3-small', input: [] },
      bearer(),
    );
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { param: 'input' } });
    const dims = await post(
      '/v1/embeddings',
      { model: 'text-embedding-ada-002', input: 'x', dimensions: 4 },
      bearer(),
    );
    expect(((await dims.json()) as { error: { message: string } }).error.message).toBe(
      'This model does not support specifying dimensions.',
    );
    const unauthorized = await post('/v1/embeddings', { model: 'm', input: 'x' }, {});
    expect(unauthorized.status).toBe(401);
    server.fail(429);
    const limited = await post(
      '/v1/embeddings',
      { model: 'text-embedding-3-small', input: 'x' },
      bearer(),
    );
    expect(limited.status).toBe(429);
    expect(server.requests.map((r) => r.answer)).toEqual([
      'bad-request',
      'bad-request',
      'unauthorized',
      'error',
    ]);
    expect(server.lastRequest?.embed).toEqual({
      model: 'text-embedding-3-small',
      input: ['x'],
      dimensions: undefined,
    });
  });

  it('Gemini: batchEmbedContents and embedContent; Groq has no embeddings', async () => {
    server = await startFakeGoogle();
    const key = { 'x-goog-api-key': server.apiKey };
    const batch = await post(
      '/v1beta/models/text-embedding-004:batchEmbedContents',
      {
        requests: [
          {
            model: 'models/text-embedding-004',
            content: { parts: [{ text: 'a' }] },
            outputDimensionality: 3,
          },
        ],
      },
      key,
    );
    expect(await batch.json()).toEqual({ embeddings: [{ values: fakeEmbedding('a', 3) }] });
    const mismatch = await post(
      '/v1beta/models/text-embedding-004:batchEmbedContents',
      { requests: [{ model: 'models/other', content: { parts: [{ text: 'a' }] } }] },
      key,
    );
    expect(mismatch.status).toBe(400);
    const single = await post(
      '/v1beta/models/text-embedding-004:embedContent',
      { content: { parts: [{ text: 'b' }] } },
      key,
    );
    expect(await single.json()).toEqual({ embedding: { values: fakeEmbedding('b') } });
    await server.close();
    server = await startFakeGroq();
    const groq = await post('/openai/v1/embeddings', { model: 'x', input: 'a' }, bearer());
    expect(groq.status).toBe(404);
  });
});
