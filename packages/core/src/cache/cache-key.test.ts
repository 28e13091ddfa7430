import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import type { ToolDefinition } from '../provider/tool.js';
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

  it('keys every reusable part by its current content, not by the object it is in', () => {
    const tools: ToolDefinition[] = [
      { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ];
    const schema: Record<string, unknown> = { type: 'object', properties: {} };
    const stop = ['END'];
    const providerOptions: Record<string, Record<string, unknown>> = { openai: { user: 'a' } };
    const args: Record<string, unknown> = { city: 'Paris' };
    const meta: Record<string, unknown> = { locale: { lang: 'fr' } };
    const request: ChatRequest = {
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          toolCalls: [{ id: 'c1', name: 'weather', arguments: args }],
        },
        { role: 'tool', toolCallId: 'c1', content: 'sunny' },
      ],
      tools,
      responseFormat: { type: 'json', schema },
      stop,
      providerOptions,
      metadata: meta,
    };
    const seen = new Set<string>();
    const fresh = () => key(request, '', ['locale']);
    const changes = [
      () => tools.push({ name: 'time', parameters: { type: 'object', properties: {} } }),
      () => {
        schema.required = ['city'];
      },
      () => stop.push('STOP'),
      () => {
        (providerOptions.openai as Record<string, unknown>).user = 'b';
      },
      () => {
        args.city = 'Lyon';
      },
      () => {
        (meta.locale as Record<string, unknown>).lang = 'de';
      },
    ];
    seen.add(fresh());
    for (const change of changes) {
      change();
      const now = fresh();
      expect(seen.has(now)).toBe(false);
      seen.add(now);
    }
  });

  it('gives equal content in fresh objects the same key as the objects reused', () => {
    const build = (): ChatRequest => ({
      messages: [{ role: 'user', content: 'hi' }],
      tools: [
        { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
      ],
      stop: ['END'],
    });
    const reused = build();
    const first = key(reused);
    expect(key(reused)).toBe(first);
    expect(key(build())).toBe(first);
  });
});
