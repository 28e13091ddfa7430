import { pathToFileURL } from 'node:url';
import { type ChatRequest, createRouter, type Router } from '@switchyard/core';
import { providersFromEnv } from '@switchyard/env';
import { createMockProvider } from '@switchyard/testing';

/**
 * The router the recipes serve: the vendors whose API keys are set, or a mock provider that
 * streams a word every 30 ms when none is.
 */
export async function createChatRouter(): Promise<Router> {
  const real = await providersFromEnv();
  if (real.length > 0) {
    const first = real[0];
    console.log(`Serving real vendors: ${real.map((p) => p.id).join(', ')}.`);
    return createRouter({
      providers: real,
      defaultModel: `${first?.id}:${defaultModels[first?.id ?? ''] ?? ''}`,
    });
  }
  console.log('Serving a mock provider (no API key set).');
  return createRouter({
    providers: [createMockProvider({ id: 'mock', chunkDelayMs: 30 })],
    defaultModel: 'mock:demo',
    // A made-up price, so the demo shows a cost per answer.
    prices: { 'mock:demo': { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
  });
}

const defaultModels: Record<string, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  google: 'gemini-2.5-flash',
  groq: 'llama-3.1-8b-instant',
};

/** What a recipe accepts: `{ "question": "..." }`. */
export interface ChatBody {
  readonly question: string;
}

/** The question in a request body, or `undefined` when the body is not `{ question: string }`. */
export function questionOf(body: unknown): string | undefined {
  const question = (body as Partial<ChatBody> | null)?.question;
  return typeof question === 'string' && question.trim() !== '' ? question : undefined;
}

/** The routed request for a question; `signal` aborts it (and the vendor call). */
export function chatRequest(question: string, signal: AbortSignal): ChatRequest {
  return { messages: [{ role: 'user', content: question }], signal };
}

/** The 400 answer for a bad body. */
export const BAD_BODY = { error: 'Send JSON: { "question": "..." }.' };

/** `true` when the module at `url` is the script Node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

/** The port to listen on: `PORT`, or 3000. */
export function port(): number {
  return Number(process.env.PORT ?? 3000);
}
