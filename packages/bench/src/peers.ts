import { InMemoryCache } from '@langchain/core/caches';
import { HumanMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { generateText, type LanguageModelMiddleware, wrapLanguageModel } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;

const AI_RESULT: GenerateResult = {
  content: [{ type: 'text', text: 'ok' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: {
    inputTokens: { total: 256, noCache: 256, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 8, text: 8, reasoning: 0 },
  },
  warnings: [],
};

/**
 * The Vercel AI SDK set-up a user would build for the same job: a zero-latency mock model wrapped
 * with a cache middleware (the SDK docs' pattern: a Map keyed by the call parameters) and a
 * fallback middleware that tries a backup model when the primary throws.
 */
/** A peer set-up: a call through the whole stack, and the bare model call underneath. */
export interface Peer {
  call(prompt: string): Promise<unknown>;
  direct(): PromiseLike<unknown>;
}

export function vercelAiSdk(): Peer {
  const primary = new MockLanguageModelV3({ doGenerate: async () => AI_RESULT });
  const backup = new MockLanguageModelV3({ doGenerate: async () => AI_RESULT });
  const cache = new Map<string, GenerateResult>();
  const cacheMiddleware: LanguageModelMiddleware = {
    specificationVersion: 'v3',
    wrapGenerate: async ({ doGenerate, params }) => {
      const key = JSON.stringify(params);
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const result = await doGenerate();
      cache.set(key, result);
      return result;
    },
  };
  const fallbackMiddleware: LanguageModelMiddleware = {
    specificationVersion: 'v3',
    wrapGenerate: async ({ doGenerate, params }) => {
      try {
        return await doGenerate();
      } catch {
        return backup.doGenerate(params);
      }
    },
  };
  const model = wrapLanguageModel({
    model: primary,
    middleware: [cacheMiddleware, fallbackMiddleware],
  });
  return {
    call: (prompt: string) => generateText({ model, prompt, maxRetries: 0 }),
    direct: () => primary.doGenerate({ prompt: [] }),
  };
}

/**
 * The LangChain.js set-up: a zero-latency fake chat model with LangChain's InMemoryCache, and
 * `.withFallbacks([backup])`.
 */
export function langChain(): Peer {
  const cache = new InMemoryCache();
  const primary = new FakeListChatModel({ responses: ['ok'], cache });
  const backup = new FakeListChatModel({ responses: ['ok'] });
  const chain = primary.withFallbacks([backup]);
  const bare = new FakeListChatModel({ responses: ['ok'] });
  return {
    call: (prompt: string) => chain.invoke([new HumanMessage(prompt)]),
    direct: () => bare._generate([new HumanMessage('x')], {}),
  };
}
