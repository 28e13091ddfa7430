import type { ModelCapabilities, Provider } from '@switchyard/core';
import type { FakeChatRequest } from './fake-servers/fake-request.js';
import { startFakeOpenAI } from './fake-servers/openai-fake.js';
import { createMockProvider } from './mock-provider.js';

/** An answer a scripted vendor gives: text, tool calls, or both. */
export interface ScriptedReply {
  /** The answer's text. Defaults to none. */
  readonly text?: string | undefined;
  /** Tool calls, with their arguments as an object. Defaults to none. */
  readonly toolCalls?:
    | readonly { readonly name: string; readonly arguments: Readonly<Record<string, unknown>> }[]
    | undefined;
}

/** A request a scripted vendor received, in Switchyard's terms (the fake servers' shape). */
export type ScriptedRequest = Pick<
  FakeChatRequest,
  'model' | 'system' | 'messages' | 'tools' | 'toolChoice' | 'responseFormat' | 'stream'
>;

/**
 * A vendor a test scripts answer by answer: a provider for the router, a queue of replies, and
 * the requests it received. {@link mockVendor} makes one from the mock provider; one made from
 * a fake vendor server runs the same tests through a real SDK.
 */
export interface ScriptedVendor {
  readonly provider: Provider;
  /** Model references for the `fast` and `strong` aliases (`openai:gpt-4o-mini`). */
  readonly models: { readonly fast: string; readonly strong: string };
  /** Queues replies, first in first out; a call with none queued fails. */
  reply(...replies: ScriptedReply[]): void;
  /** Every request received, oldest first. */
  readonly requests: readonly ScriptedRequest[];
  /** Releases what the vendor holds (a server, sockets). */
  close(): Promise<void>;
}

/** Options of {@link mockVendor}. */
export interface MockVendorOptions {
  /** The provider id. Defaults to `"openai"`. */
  readonly id?: string | undefined;
  /** The fast model's id. Defaults to `"gpt-4o-mini"`. */
  readonly fast?: string | undefined;
  /** The strong model's id. Defaults to `"gpt-4o"`. */
  readonly strong?: string | undefined;
  /** What both models support. Defaults to everything (JSON schema output included). */
  readonly capabilities?: Partial<ModelCapabilities> | undefined;
}

/**
 * A {@link ScriptedVendor} on the mock provider: no network, answers exactly as queued (text
 * streamed a word at a time).
 *
 * @example
 * const vendor = mockVendor();
 * vendor.reply({ text: '{"title":"Volleyball"}' });
 */
export function mockVendor(options: MockVendorOptions = {}): ScriptedVendor {
  const id = options.id ?? 'openai';
  const fast = options.fast ?? 'gpt-4o-mini';
  const strong = options.strong ?? 'gpt-4o';
  const queue: ScriptedReply[] = [];
  const capabilities = options.capabilities;
  const provider = createMockProvider({
    id,
    ...(capabilities !== undefined && {
      models: { [fast]: { capabilities }, [strong]: { capabilities } },
    }),
    rules: [
      {
        reply: () => {
          const next = queue.shift();
          if (next === undefined)
            throw new Error(`mock vendor ${id}: no reply queued for this call`);
          return next;
        },
      },
    ],
  });
  return {
    provider,
    models: { fast: `${id}:${fast}`, strong: `${id}:${strong}` },
    reply: (...replies) => {
      queue.push(...replies);
    },
    get requests() {
      return provider.calls.map(({ kind, request }): ScriptedRequest => {
        const system = request.messages
          .filter((m) => m.role === 'system')
          .map((m) => m.content)
          .join('\n\n');
        const format = request.responseFormat;
        return {
          model: request.model,
          system: system === '' ? undefined : system,
          messages: request.messages.filter((m) => m.role !== 'system'),
          tools: request.tools,
          toolChoice: request.toolChoice,
          responseFormat: format?.type === 'json' ? format : undefined,
          stream: kind === 'stream',
        };
      });
    },
    close: async () => {},
  };
}

/**
 * What {@link fakeServerVendor} needs from a fake vendor server (`startFakeOpenAI()` and the other
 * fakes): queue a reply, list the requests in Switchyard's terms, close.
 */
export interface ScriptableServer {
  reply(reply: ScriptedReply): unknown;
  readonly requests: readonly { readonly chat?: ScriptedRequest | undefined }[];
  close(): Promise<void>;
}

/** Options of {@link fakeServerVendor}. */
export interface FakeServerVendorOptions {
  /** The fake server the provider talks to. */
  readonly server: ScriptableServer;
  /** The adapter pointed at the server (`createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL })`). */
  readonly provider: Provider;
  /** Model references for the `fast` and `strong` aliases, models the adapter knows. */
  readonly models: { readonly fast: string; readonly strong: string };
}

/**
 * A {@link ScriptedVendor} on a fake vendor server: replies are queued on the server, the real
 * adapter and SDK talk HTTP to it, and the requests are the server's parsed view of what the SDK
 * sent. `close()` closes the server.
 *
 * @example
 * const server = await startFakeOpenAI();
 * const vendor = fakeServerVendor({
 *   server,
 *   provider: createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL }),
 *   models: { fast: 'openai:gpt-4o-mini', strong: 'openai:gpt-4o' },
 * });
 */
export function fakeServerVendor(options: FakeServerVendorOptions): ScriptedVendor {
  const { server, provider, models } = options;
  return {
    provider,
    models,
    reply: (...replies) => {
      for (const reply of replies) server.reply(reply);
    },
    get requests() {
      const parsed: ScriptedRequest[] = [];
      for (const request of server.requests)
        if (request.chat !== undefined) parsed.push(request.chat);
      return parsed;
    },
    close: () => server.close(),
  };
}

/**
 * A {@link ScriptedVendor} on a fresh fake OpenAI server, behind the real `openai` SDK and the
 * OpenAI adapter, with `gpt-4o-mini` as `fast` and `gpt-4o` as `strong`. Pass `createOpenAI` from
 * `@switchyard/openai` (this package depends on no adapter). `close()` closes the server.
 *
 * @example
 * import { createOpenAI } from '@switchyard/openai';
 * const vendor = await fakeOpenAIVendor(createOpenAI);
 */
export async function fakeOpenAIVendor(
  createOpenAI: (options: { apiKey: string; baseURL: string }) => Provider,
): Promise<ScriptedVendor> {
  const server = await startFakeOpenAI();
  return fakeServerVendor({
    server,
    provider: createOpenAI({ apiKey: server.apiKey, baseURL: server.baseURL }),
    models: { fast: 'openai:gpt-4o-mini', strong: 'openai:gpt-4o' },
  });
}
