import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import { cacheKey } from './cache-key.js';

const base: ChatRequest = {
  model: 'fast',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Capital of France?' },
  ],
  temperature: 0,
  tools: [
    {
      name: 'lookup',
      description: 'd',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
    },
  ],
  responseFormat: {
    type: 'json',
    schema: { type: 'object', properties: { city: { type: 'string' } } },
  },
};
const key = (request: ChatRequest, scope = '', meta?: string[]) => cacheKey(request, scope, meta);

describe('cache key', () => {
  it('is stable: the same request gives the same key, whatever the property order', () => {
    const reordered: ChatRequest = {
      responseFormat: {
        schema: { properties: { city: { type: 'string' } }, type: 'object' },
        type: 'json',
      },
      tools: [
        {
          parameters: { properties: { q: { type: 'string' } }, type: 'object' },
          description: 'd',
          name: 'lookup',
        },
      ],
      temperature: 0,
      messages: [
        { content: 'Be brief.', role: 'system' },
        { content: 'Capital of France?', role: 'user' },
      ],
      model: 'fast',
    };
    expect(key(reordered)).toBe(key(base));
    expect(key(base)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('ignores the signal, timeouts, the session and metadata not named as part of the key', () => {
    const noisy: ChatRequest = {
      ...base,
      signal: new AbortController().signal,
      timeoutMs: 5_000,
      sessionId: 's1',
      metadata: { traceId: 'abc', locale: 'fr' },
    };
    expect(key(noisy)).toBe(key(base));
    expect(key(noisy, '', ['locale'])).not.toBe(key(base, '', ['locale']));
  });

  it('changes with everything that shapes the answer', () => {
    const variants: ChatRequest[] = [
      { ...base, model: 'strong' },
      { ...base, model: undefined },
      { ...base, temperature: 0.2 },
      { ...base, maxTokens: 100 },
      { ...base, stop: ['\n'] },
      { ...base, seed: 7 },
      { ...base, topP: 0.9 },
      { ...base, toolChoice: 'required' },
      { ...base, tools: undefined },
      { ...base, responseFormat: { type: 'json' } },
      { ...base, providerOptions: { openai: { logprobs: true } } },
      { ...base, intent: 'x' },
      { ...base, messages: [...base.messages, { role: 'assistant', content: 'Paris.' }] },
      { ...base, messages: [{ role: 'user', content: 'Capital of France?' }] },
    ];
    const keys = new Set([key(base), ...variants.map((v) => key(v))]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it('separates scopes: one tenant never gets another tenant’s key', () => {
    expect(key(base, 'tenant-a')).not.toBe(key(base, 'tenant-b'));
    expect(key(base, 'tenant-a')).not.toBe(key(base, ''));
  });

  it('cannot be fooled by moving text across a field boundary', () => {
    const a: ChatRequest = {
      messages: [
        { role: 'user', content: 'ab' },
        { role: 'user', content: 'c' },
      ],
    };
    const b: ChatRequest = {
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'bc' },
      ],
    };
    const c: ChatRequest = { messages: [{ role: 'user', content: '1:a|user2:bc' }] };
    expect(new Set([key(a), key(b), key(c)]).size).toBe(3);
  });
});
