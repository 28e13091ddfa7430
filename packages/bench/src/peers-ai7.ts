// The Vercel AI SDK 7 peer. `ai@7` declares Node >= 22, so `run.ts` imports this file only on
// Node 22 or later; it is installed beside `ai@6` under the alias `ai7`.
import { generateText, type LanguageModelMiddleware, wrapLanguageModel } from 'ai7';
import { MockLanguageModelV4 } from 'ai7/test';
import type { Peer } from './peers.js';

type GenerateResult = Awaited<ReturnType<MockLanguageModelV4['doGenerate']>>;

const AI_RESULT: GenerateResult = {
  content: [{ type: 'text', text: 'ok' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: {
    inputTokens: { total: 256, noCache: 256, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 8, text: 8, reasoning: 0 },
  },
  warnings: [],
};

/** The same set-up as the AI SDK 6 peer: a cache middleware and a fallback middleware. */
export function vercelAiSdk7(): Peer {
  const primary = new MockLanguageModelV4({ doGenerate: async () => AI_RESULT });
  const backup = new MockLanguageModelV4({ doGenerate: async () => AI_RESULT });
  const cache = new Map<string, GenerateResult>();
  const cacheMiddleware: LanguageModelMiddleware = {
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
