import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServerError } from '../errors/provider-errors.js';
import type { ProviderEmbedRequest } from '../provider/provider.js';
import { createRouter, type Router } from '../router/router.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');
let openai: MockProvider;
let anthropic: MockProvider;
let router: Router;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});
beforeEach(() => {
  exporter.reset();
  openai = createMockProvider({
    id: 'openai',
    rules: [{ reply: { text: 'Paris.', usage: { inputTokens: 12, outputTokens: 3 } } }],
  });
  anthropic = createMockProvider({ id: 'anthropic', rules: [{ reply: 'Paris!' }] });
});
afterEach(async () => {
  await router.close();
});

const spans = () => exporter.getFinishedSpans();
const ask = {
  messages: [{ role: 'user' as const, content: 'The capital of France, secretly?' }],
  temperature: 0,
};

describe('OpenTelemetry spans', () => {
  it('makes a request span and a CLIENT span per attempt with GenAI attributes, and no content', async () => {
    router = createRouter({
      providers: [openai, anthropic],
      models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest'] },
      retry: { maxRetries: 0 },
      telemetry: { tracer },
    });
    openai.failNext({ status: 503 });
    await tracer.startActiveSpan('handler', async (handler) => {
      await router.chat(ask);
      handler.end();
    });
    const [failed, answered, request, handler] = spans();
    expect(spans()).toHaveLength(4);
    expect(handler?.name).toBe('handler');
    expect(request?.name).toBe('chat auto');
    expect(request?.parentSpanContext?.spanId).toBe(handler?.spanContext().spanId);
    expect(failed?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(answered?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(failed?.kind).toBe(2); // CLIENT
    expect(failed?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0,
      'error.type': 'server',
      'http.response.status_code': 503,
    });
    expect(failed?.status.code).toBe(2);
    expect(answered?.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-3-5-haiku-latest',
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(request?.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'switchyard.route.tier': 'fast',
      'switchyard.route.attempts': 2,
      'switchyard.route.candidates': ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-latest'],
    });
    const all = JSON.stringify(spans().map((s) => s.attributes));
    expect(all).not.toContain('secretly');
    expect(all).not.toContain('Paris');
  });

  it('records prompts and completions only when asked to', async () => {
    router = createRouter({
      providers: [openai],
      models: { fast: ['openai:gpt-4o-mini'] },
      telemetry: { tracer, recordContent: true },
    });
    await router.chat(ask);
    const attempt = spans()[0];
    expect(String(attempt?.attributes['gen_ai.input.messages'])).toContain('secretly');
    expect(String(attempt?.attributes['gen_ai.output.messages'])).toContain('Paris.');
    expect(attempt?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 3,
    });
  });

  it('covers streams and cache hits', async () => {
    router = createRouter({
      providers: [openai],
      models: { fast: ['openai:gpt-4o-mini'] },
      telemetry: { tracer },
      cache: true,
    });
    for await (const _ of router.stream(ask)) {
      // drain
    }
    await router.chat(ask);
    const names = spans().map((s) => [
      s.name,
      s.attributes['switchyard.cache'],
      s.attributes['switchyard.stream'],
    ]);
    expect(names).toEqual([
      ['chat gpt-4o-mini', undefined, undefined],
      ['chat auto', 'miss', true],
      ['chat auto', 'hit', false],
    ]);
  });

  it('ends the request span with the error when the request fails', async () => {
    router = createRouter({
      providers: [openai],
      models: { fast: ['openai:gpt-4o-mini'] },
      retry: { maxRetries: 0 },
      telemetry: { tracer },
    });
    openai.failNext({ status: 401 });
    await router.chat(ask).catch(() => undefined);
    const request = spans().at(-1);
    expect(request?.status.code).toBe(2);
    expect(request?.attributes['error.type']).toBe('auth');
    expect(request?.events.some((e) => e.name === 'exception')).toBe(true);
  });
  it('makes an embeddings request span and an embeddings CLIENT span per attempt', async () => {
    // The mock vendor with embeddings: the first call fails with a 503, the retry answers.
    let calls = 0;
    const embedder = {
      ...openai,
      embed: async (request: ProviderEmbedRequest) => {
        calls += 1;
        if (calls === 1) throw new ServerError('Service Unavailable', { status: 503 });
        return { embeddings: request.input.map(() => [0.1, 0.2]), usage: { inputTokens: 7 } };
      },
    };
    router = createRouter({
      providers: [embedder],
      models: { fast: ['openai:gpt-4o-mini'] },
      retry: { maxRetries: 1, initialDelayMs: 1 },
      telemetry: { tracer, recordContent: true },
    });
    const answer = await router.embed({
      model: 'openai:text-embedding-3-small',
      input: ['secret one', 'secret two'],
      dimensions: 2,
    });
    expect(answer.embeddings).toHaveLength(2);
    const [failed, answered, request] = spans();
    expect(spans()).toHaveLength(3);
    expect(request?.name).toBe('embeddings openai:text-embedding-3-small');
    expect(request?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.embeddings.dimension.count': 2,
      'gen_ai.usage.input_tokens': 7,
      'switchyard.route.attempts': 2,
    });
    expect(request?.attributes).not.toHaveProperty('gen_ai.usage.output_tokens');
    expect(request?.attributes).not.toHaveProperty('switchyard.stream');
    expect(request?.status.code).toBe(1);
    for (const attempt of [failed, answered]) {
      expect(attempt?.name).toBe('embeddings text-embedding-3-small');
      expect(attempt?.kind).toBe(2); // CLIENT
      expect(attempt?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
      expect(attempt?.attributes['gen_ai.operation.name']).toBe('embeddings');
      // Inputs are not chat messages: nothing recorded, even with recordContent.
      expect(JSON.stringify(attempt?.attributes)).not.toContain('secret');
    }
    expect(failed?.attributes['error.type']).toBe('server');
    expect(answered?.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 7 });
    expect(answered?.attributes).not.toHaveProperty('gen_ai.response.finish_reasons');
  });

  it('ends an embeddings span with the error when no candidate embeds', async () => {
    router = createRouter({
      providers: [openai],
      models: { fast: ['openai:gpt-4o-mini'] },
      telemetry: { tracer },
    });
    const error = await router
      .embed({ model: 'openai:gpt-4o-mini', input: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'no_embeddings' });
    const request = spans().at(-1);
    expect(request?.name).toBe('embeddings openai:gpt-4o-mini');
    expect(request?.status.code).toBe(2);
    expect(request?.attributes['error.type']).toBe('invalid-request');
  });
});
