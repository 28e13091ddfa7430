import { createRouter, type Provider, type Router } from '@switchyard/core';
import { cityTool, type FakeServer, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGoogle, SDK_UNDER_TEST } from './sdk-under-test.js';

// The router's tool loop through the real Gemini SDK and the fake server (which signs Gemini 3's
// function calls and refuses their replay without the signature): results go back as
// `functionResponse` parts, several in one turn, and each call keeps its thoughtSignature.

let server: FakeServer;
let provider: Provider;
let router: Router;

const city = z.object({ city: z.string() });
type Part = {
  functionCall?: { name: string };
  functionResponse?: { name: string; response: unknown };
  thoughtSignature?: string;
};
type Sent = { contents: { role: string; parts: Part[] }[] };

beforeEach(async () => {
  server = await startFakeGoogle();
  provider = createGoogle({ apiKey: server.apiKey, baseURL: server.baseURL });
  router = createRouter({
    providers: [provider],
    defaultModel: 'google:gemini-3-pro-preview',
    retry: { maxRetries: 0 },
  });
});
afterEach(async () => {
  await router.close();
  await provider.close?.();
  await server.close();
});

describe('tool loop through the Gemini SDK', () => {
  it('sends thoughtSignatures back unchanged and two functionResponse parts in one turn', async () => {
    server
      .reply({
        toolCalls: [
          { name: 'weather', arguments: { city: 'Lyon' } },
          { name: 'route', arguments: { city: 'Nice' } },
        ],
      })
      .reply('Sunny in Lyon.');
    const answer = await router.chat({
      messages: [{ role: 'user', content: 'Lyon and Nice?' }],
      tools: [cityTool('weather', city), cityTool('route', city)],
      maxSteps: 3,
    });
    expect(answer.text).toBe('Sunny in Lyon.');
    // Each project really runs its SDK: they name themselves in x-goog-api-client.
    expect(server.requests[0]?.headers['x-goog-api-client']).toMatch(
      SDK_UNDER_TEST === '@google/genai' ? /^google-genai-sdk\// : /^genai-js\//,
    );
    const sent = server.requests[1]?.body as Sent;
    const model = sent.contents[1];
    expect(model?.role).toBe('model');
    // Gemini 3 signs the first call of a parallel set; the fake refuses the replay without it.
    const calls = answer.toolLoop?.steps[0]?.response.toolCalls ?? [];
    expect(calls[0]?.continuation?.vendor).toBe('google');
    expect(typeof model?.parts[0]?.thoughtSignature).toBe('string');
    const responses = sent.contents[2]?.parts ?? [];
    expect(responses.map((p) => p.functionResponse?.name)).toEqual(['weather', 'route']);
  });
});
