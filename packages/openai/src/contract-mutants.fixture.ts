import {
  type Provider,
  type ProviderCallOptions,
  type ProviderRequest,
  type ProviderStreamPart,
  ZERO_USAGE,
} from '@switchyard/core';
import { startFakeOpenAI } from '@switchyard/testing';
import { runProviderContract } from '@switchyard/testing/contract';
import { createOpenAI } from './openai-provider.js';

// Broken adapters: the real OpenAI adapter with one mapping sabotaged each. contract-mutants.test.ts
// runs the contract suite against every one of them in a child vitest and checks that the suite
// catches each sabotage. Not a test file of its own (see vitest.mutants.config.ts).

type Sabotage = {
  request?: (request: ProviderRequest) => ProviderRequest;
  options?: (options: ProviderCallOptions) => ProviderCallOptions;
  part?: (part: ProviderStreamPart) => ProviderStreamPart;
  chat?: (
    inner: Provider,
    request: ProviderRequest,
    options: ProviderCallOptions,
  ) => Promise<unknown>;
  streamError?: 'finish';
};

const without =
  <K extends keyof ProviderRequest>(key: K) =>
  (request: ProviderRequest) => ({
    ...request,
    [key]: undefined,
  });

export const MUTANTS: Record<string, Sabotage> = {
  'drops the system prompt': {
    request: (r) => ({ ...r, messages: r.messages.filter((m) => m.role !== 'system') }),
  },
  'ignores temperature': { request: without('temperature') },
  'ignores stop sequences': { request: without('stop') },
  'ignores tool choice': { request: without('toolChoice') },
  'ignores the response format': { request: without('responseFormat') },
  'reports no usage in streams': {
    part: (p) => (p.type === 'finish' ? { ...p, usage: ZERO_USAGE } : p),
  },
  'always says stop': {
    part: (p) => (p.type === 'finish' ? { ...p, finishReason: 'stop' } : p),
  },
  'loses tool-call ids': {
    part: (p) => (p.type === 'tool-call' ? { ...p, toolCall: { ...p.toolCall, id: 'call' } } : p),
  },
  'reports a broken stream as a clean finish': { streamError: 'finish' },
  'ignores the abort signal': { options: () => ({ signal: new AbortController().signal }) },
  'retries on its own': {
    chat: async (inner, request, options) => {
      try {
        return await inner.chat(request, options);
      } catch {
        return inner.chat(request, options);
      }
    },
  },
  'throws untyped errors': {
    chat: (inner, request, options) =>
      inner.chat(request, options).catch((error: Error) => {
        throw new Error(error.message);
      }),
  },
};

function sabotaged(inner: Provider, sabotage: Sabotage): Provider {
  const req = sabotage.request ?? ((r) => r);
  const opts = sabotage.options ?? ((o) => o);
  return {
    ...inner,
    getModelInfo: (model) => inner.getModelInfo?.(model),
    chat: (request, options) =>
      (sabotage.chat?.(inner, req(request), opts(options)) ??
        inner.chat(req(request), opts(options))) as ReturnType<Provider['chat']>,
    async *stream(request, options) {
      try {
        for await (const part of inner.stream(req(request), opts(options))) {
          yield sabotage.part?.(part) ?? part;
        }
      } catch (error) {
        if (sabotage.streamError !== 'finish') throw error;
        yield { type: 'finish', finishReason: 'stop', usage: ZERO_USAGE };
      }
    },
    close: () => inner.close?.(),
  };
}

for (const [name, sabotage] of Object.entries(MUTANTS)) {
  runProviderContract({
    name: `mutant that ${name}`,
    providerId: 'openai',
    model: 'gpt-4o-mini',
    startServer: () => startFakeOpenAI(),
    createProvider: ({ baseURL, apiKey }) => sabotaged(createOpenAI({ baseURL, apiKey }), sabotage),
  });
}
