import type {
  ClassifierRule,
  Provider,
  ProviderResponse,
  ProviderStreamPart,
  ToolDefinition,
} from '@switchyard/core';

/** A 1 KB user message: a realistic support question. */
export const PROMPT_1KB = (() => {
  const base =
    'I have been trying to understand why my service keeps failing under load. Could you explain step by step how connection pooling works and what the trade offs are between a larger pool and more instances? We run Node with a Postgres database and the errors mostly show timeouts after about thirty seconds. The team thinks it may be a bug in our retry logic but I am not so sure. ';
  let text = base;
  while (text.length < 1024) text += base;
  return text.slice(0, 1024);
})();

/** 35 host rules which, with the 15 built-in ones, make the 50 rules of the benchmark. */
export const HOST_RULES: readonly ClassifierRule[] = Array.from({ length: 35 }, (_, i) => ({
  name: `host-${i}`,
  category: `domain-${i % 6}`,
  intent: i % 3 === 0 ? `intent-${i}` : undefined,
  keywords: [`widget${i}`, `gadget ${i} setup`, `acct${i}`, `sku-${i}`, `plan ${i} renewal`],
}));

/** Three tool definitions of a realistic size, built fresh on every call. */
export function threeTools(): ToolDefinition[] {
  return ['get_weather', 'get_time', 'find_flight'].map((name) => ({
    name,
    description: `${name.replace('_', 's ')} for a city, in the unit or format the user asks for.`,
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'The city, with its country when ambiguous.' },
        unit: { type: 'string', enum: ['metric', 'imperial'] },
        days: { type: 'integer', minimum: 1, maximum: 14 },
      },
      required: ['city'],
      additionalProperties: false,
    },
  }));
}

const USAGE = { inputTokens: 256, outputTokens: 8, totalTokens: 264 };
const RESPONSE: ProviderResponse = {
  text: 'ok',
  toolCalls: [],
  finishReason: 'stop',
  usage: USAGE,
  model: 'gpt-4o-mini',
};

/**
 * A provider that answers at once with a fixed response and never reads its signal: the smallest
 * possible provider cost, so that what is measured around it is the router's own.
 */
export function zeroLatencyProvider(id: string): Provider & { calls: number } {
  const provider = {
    specificationVersion: 'v1' as const,
    id,
    calls: 0,
    chat: async (): Promise<ProviderResponse> => {
      provider.calls += 1;
      return RESPONSE;
    },
    stream: (): AsyncIterable<ProviderStreamPart> => ({
      async *[Symbol.asyncIterator]() {
        yield { type: 'text-delta', text: 'ok' };
        yield { type: 'finish', finishReason: 'stop', usage: USAGE };
      },
    }),
  };
  return provider;
}

/** A provider that always fails with a 503, to open a breaker. */
export function failingProvider(id: string): Provider {
  const fail = async (): Promise<never> => {
    const { ServerError } = await import('@switchyard/core');
    throw new ServerError(`${id} 503: down`, { status: 503, provider: id });
  };
  return {
    specificationVersion: 'v1',
    id,
    chat: fail,
    stream: () => ({ [Symbol.asyncIterator]: () => ({ next: fail }) }),
  };
}

/**
 * A provider for the tool loop: answers a conversation that ends with a user message with one
 * call of `lookup`, and one that ends with a tool result with text; no latency.
 */
export function toolCallingProvider(id: string): Provider {
  return {
    specificationVersion: 'v1' as const,
    id,
    chat: async (request): Promise<ProviderResponse> => {
      const last = request.messages.at(-1);
      if (last?.role === 'tool') return RESPONSE;
      return {
        ...RESPONSE,
        text: '',
        toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { key: 'a' } }],
        finishReason: 'tool-calls',
      };
    },
    stream: (): AsyncIterable<ProviderStreamPart> => ({
      async *[Symbol.asyncIterator]() {
        yield { type: 'finish', finishReason: 'stop', usage: USAGE };
      },
    }),
  };
}
