import type { Provider } from '@switchyard/core';
import { drainStream, type FakeServer, startFakeGroq } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroq } from './groq-provider.js';

// Groq's reasoning models return their reasoning in `reasoning` (unless asked to hide it), through
// groq-sdk and the fake server: reasoning apart from the text, streamed as reasoning-delta, with
// the reasoning tokens Groq reports.

let server: FakeServer;
let provider: Provider;
const signal = () => ({ signal: new AbortController().signal });
const messages = [{ role: 'user' as const, content: 'What is 17 times 23?' }];
const reply = {
  reasoning: '17 times 23 is 340 plus 51.',
  text: '391',
  usage: { inputTokens: 9, outputTokens: 30, reasoningTokens: 22 },
};

beforeEach(async () => {
  server = await startFakeGroq();
  provider = createGroq({ apiKey: server.apiKey, baseURL: server.baseURL });
});
afterEach(async () => {
  await provider.close?.();
  await server.close();
});

describe('Groq reasoning', () => {
  it('chat: `reasoning` becomes reasoning, apart from the text, with its tokens', async () => {
    server.reply(reply);
    const answer = await provider.chat({ model: 'openai/gpt-oss-120b', messages }, signal());
    expect(answer.text).toBe('391');
    expect(answer.reasoning).toBe('17 times 23 is 340 plus 51.');
    expect(answer.usage).toMatchObject({ outputTokens: 30, reasoningTokens: 22 });
  });

  it('stream: `reasoning` deltas become reasoning-delta parts, never text', async () => {
    server.stream(reply);
    const { parts, error } = await drainStream(
      provider.stream({ model: 'openai/gpt-oss-120b', messages }, signal()),
    );
    expect(error).toBeUndefined();
    const reasoning = parts.flatMap((p) => (p.type === 'reasoning-delta' ? [p.text] : []));
    const text = parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : []));
    expect(reasoning.join('')).toBe('17 times 23 is 340 plus 51.');
    expect(text.join('')).toBe('391');
  });

  it('asked to hide it, Groq sends none, and none is reported', async () => {
    server.reply(reply);
    const answer = await provider.chat(
      { model: 'qwen/qwen3-32b', messages, providerOptions: { reasoning_format: 'hidden' } },
      signal(),
    );
    expect(server.lastRequest?.body).toMatchObject({ reasoning_format: 'hidden' });
    expect(answer.reasoning).toBeUndefined();
  });
});
