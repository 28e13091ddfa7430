import type { Provider, ProviderRequest } from '@switchyard/core';
import { createGroq } from '@switchyard/groq';
import { createOpenAI } from '@switchyard/openai';
import {
  createMockProvider,
  type FakeServer,
  startFakeGroq,
  startFakeOpenAI,
} from '@switchyard/testing';
import { answerFor } from './answers.js';

/**
 * Two demo vendors: `openai` answers in about 120 ms, `groq` in about 20 ms. Which one gets the
 * math tests wrong can be switched (`wrongAtMath`), to show the routing follow a new run.
 */
export interface DemoVendors {
  readonly providers: readonly Provider[];
  /** The two models, `openai:gpt-4o-mini` and `groq:llama-3.1-8b-instant`. */
  readonly models: { readonly fast: string; readonly slow: string };
  /** The vendor answering math wrong now: `'groq'` at first. */
  wrongAtMath: 'openai' | 'groq';
  /** The fake servers, when the vendors run on them. */
  readonly servers: readonly FakeServer[];
  close(): Promise<void>;
}

export const SLOW_MS = 120;
export const FAST_MS = 20;
const MODELS = { slow: 'openai:gpt-4o-mini', fast: 'groq:llama-3.1-8b-instant' } as const;

const lastUser = (messages: readonly { role: string; content?: unknown }[]) =>
  String(messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');

/** The two vendors on the mock provider (no network). */
export function mockDemoVendors(): DemoVendors {
  const vendors: DemoVendors = {
    providers: [],
    models: MODELS,
    wrongAtMath: 'groq',
    servers: [],
    close: async () => {},
  };
  const make = (id: 'openai' | 'groq', latencyMs: number) =>
    createMockProvider({
      id,
      latencyMs,
      rules: [
        {
          reply: (request: ProviderRequest) =>
            answerFor(id, lastUser(request.messages), vendors.wrongAtMath === id),
        },
      ],
    });
  (vendors.providers as Provider[]).push(make('openai', SLOW_MS), make('groq', FAST_MS));
  return vendors;
}

/** The two vendors as fake HTTP servers, called through the real `openai` and `groq-sdk` SDKs. */
export async function fakeServerDemoVendors(): Promise<DemoVendors> {
  const vendors: DemoVendors = {
    providers: [],
    models: MODELS,
    wrongAtMath: 'groq',
    servers: [],
    close: async () => {
      await Promise.all(vendors.servers.map((s) => s.close()));
    },
  };
  const script = (id: 'openai' | 'groq', delayMs: number) => ({
    fallback: (request: {
      chat?: { messages: readonly { role: string; content?: unknown }[] } | undefined;
    }) => ({
      type: 'reply' as const,
      delayMs,
      reply: answerFor(id, lastUser(request.chat?.messages ?? []), vendors.wrongAtMath === id),
    }),
  });
  const openaiServer = await startFakeOpenAI(script('openai', SLOW_MS));
  const groqServer = await startFakeGroq(script('groq', FAST_MS));
  (vendors.servers as FakeServer[]).push(openaiServer, groqServer);
  (vendors.providers as Provider[]).push(
    createOpenAI({ apiKey: openaiServer.apiKey, baseURL: openaiServer.baseURL }),
    createGroq({ apiKey: groqServer.apiKey, baseURL: groqServer.baseURL }),
  );
  return vendors;
}
