import {
  assistantMessage,
  type ChatRequest,
  createRouter,
  InvalidRequestError,
  type Message,
  type Provider,
  type Router,
  type StreamEvent,
} from '@switchyard/core';
import { drainStream, type FakeServer, rejectionOf, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGoogle } from './sdk-under-test.js';

// Gemini thinking models through the real SDK and the fake server, which signs Gemini 3's
// function calls and refuses their replay without the signature, as Gemini 3 does: signatures
// kept for the next turn of a tool loop, thought summaries as reasoning, thinking tokens, and
// grounding metadata.

let server: FakeServer;
let provider: Provider;
let router: Router | undefined;
const signal = () => ({ signal: new AbortController().signal });
const weather = {
  name: 'weather',
  description: 'Current weather',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string' } },
    required: ['location'],
  },
};
const question: Message = { role: 'user', content: 'Weather in SF?' };
const thoughts = { generationConfig: { thinkingConfig: { includeThoughts: true } } };
const jsonHeaders = { headers: { 'content-type': 'application/json' } };
const callWeather = { toolCalls: [{ name: 'weather', arguments: { location: 'SF' } }] };

beforeEach(async () => {
  server = await startFakeGoogle();
  provider = createGoogle({ apiKey: server.apiKey, baseURL: server.baseURL });
  router = createRouter({
    providers: [provider],
    defaultModel: 'google:gemini-3-pro-preview',
    retry: { maxRetries: 0 },
  });
});

afterEach(async () => {
  await router?.close();
  await provider.close?.();
  await server.close();
});

const toolResult = (id: string): Message => ({
  role: 'tool',
  toolCallId: id,
  content: '{"temp_c":18}',
});
type SentPart = { functionCall?: unknown; thoughtSignature?: unknown; text?: string };
const sentContents = () =>
  (server.lastRequest?.body as { contents: { role: string; parts: SentPart[] }[] } | undefined)
    ?.contents ?? [];

describe('Gemini 3: a two-turn tool conversation', () => {
  it('chat: keeps the function call’s thoughtSignature and sends it back; the second turn succeeds', async () => {
    const r = router as Router;
    server.reply(callWeather).reply('It is 18 °C in San Francisco.');
    const request = (messages: Message[]): ChatRequest => ({ messages, tools: [weather] });
    const first = await r.chat(request([question]));
    const call = first.toolCalls[0];
    if (call === undefined) throw new Error('no tool call');
    expect(call.continuation?.vendor).toBe('google');
    const second = await r.chat(request([question, assistantMessage(first), toolResult(call.id)]));
    expect(second.text).toBe('It is 18 °C in San Francisco.');
    const model = sentContents()[1];
    expect(model?.role).toBe('model');
    expect(typeof model?.parts[0]?.thoughtSignature).toBe('string');
  });

  it('stream: the streamed call carries its signature, and the second turn succeeds', async () => {
    const r = router as Router;
    server.stream(callWeather).stream('Eighteen degrees.');
    let first: StreamEvent | undefined;
    for await (const e of r.stream({ messages: [question], tools: [weather] })) first = e;
    if (first?.type !== 'finish') throw new Error('no finish');
    const call = first.response.toolCalls[0];
    if (call === undefined) throw new Error('no tool call');
    let text = '';
    for await (const e of r.stream({
      messages: [question, assistantMessage(first.response), toolResult(call.id)],
      tools: [weather],
    }))
      if (e.type === 'text-delta') text += e.text;
    expect(text).toBe('Eighteen degrees.');
  });

  it('the fake refuses, as Gemini 3 does, a replayed call without its signature', async () => {
    server.reply(callWeather);
    const first = await provider.chat(
      { model: 'gemini-3-pro-preview', messages: [question], tools: [weather] },
      signal(),
    );
    const call = first.toolCalls[0];
    if (call === undefined) throw new Error('no tool call');
    const bare = { id: call.id, name: call.name, arguments: call.arguments };
    const error = await rejectionOf(
      provider.chat(
        {
          model: 'gemini-3-pro-preview',
          messages: [question, { role: 'assistant', toolCalls: [bare] }, toolResult(call.id)],
          tools: [weather],
        },
        signal(),
      ),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('missing a thought_signature');
    expect((error as InvalidRequestError).retryable).toBe(false);
  });

  it('never sends another vendor’s continuation state to Gemini', async () => {
    server.reply('ok');
    await provider.chat(
      {
        model: 'gemini-3-pro-preview',
        messages: [
          question,
          {
            role: 'assistant',
            content: 'Sunny.',
            continuation: { vendor: 'anthropic', data: { thoughtSignature: 'X' } },
          },
          { role: 'user', content: 'Thanks' },
        ],
      },
      signal(),
    );
    expect(sentContents()[1]?.parts).toEqual([{ text: 'Sunny.' }]);
  });
});

describe('thought summaries and text signatures', () => {
  it('chat: thought parts become reasoning, apart from the text, with the thinking tokens', async () => {
    server.reply({
      reasoning: 'Weather needs a lookup; answer from memory instead.',
      text: 'Mild.',
      usage: { inputTokens: 5, outputTokens: 30, reasoningTokens: 25 },
    });
    const answer = await provider.chat(
      { model: 'gemini-2.5-flash', messages: [question], providerOptions: thoughts },
      signal(),
    );
    expect(answer.text).toBe('Mild.');
    expect(answer.reasoning).toBe('Weather needs a lookup; answer from memory instead.');
    expect(answer.usage).toMatchObject({ outputTokens: 30, reasoningTokens: 25 });
  });

  it('stream: thought parts come as reasoning-delta, never as text', async () => {
    server.stream({ reasoning: 'Think first.', text: 'Mild.' });
    const { parts } = await drainStream(
      provider.stream(
        { model: 'gemini-2.5-flash', messages: [question], providerOptions: thoughts },
        signal(),
      ),
    );
    const types = parts.map((p) => p.type);
    expect(types).toEqual(['reasoning-delta', 'reasoning-delta', 'text-delta', 'finish']);
    expect(parts.flatMap((p) => (p.type === 'reasoning-delta' ? [p.text] : [])).join('')).toBe(
      'Think first.',
    );
  });

  it('keeps the signature of a text part as the response continuation and sends it back on that part', async () => {
    server.raw(
      JSON.stringify({
        candidates: [
          {
            content: { role: 'model', parts: [{ text: 'Hello.', thoughtSignature: 'TEXT-SIG' }] },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
        modelVersion: 'gemini-3-pro-preview',
        responseId: 'resp_rec',
      }),
      jsonHeaders,
    );
    server.reply('Bye.');
    const first = await provider.chat(
      { model: 'gemini-3-pro-preview', messages: [question] },
      signal(),
    );
    expect(first.continuation).toEqual({
      vendor: 'google',
      data: { thoughtSignature: 'TEXT-SIG' },
    });
    await provider.chat(
      {
        model: 'gemini-3-pro-preview',
        messages: [question, assistantMessage(first), { role: 'user', content: 'Thanks' }],
      },
      signal(),
    );
    expect(sentContents()[1]?.parts).toEqual([{ text: 'Hello.', thoughtSignature: 'TEXT-SIG' }]);
  });
});

describe('grounding and code execution', () => {
  it('keeps groundingMetadata and code-execution parts in providerMetadata.google', async () => {
    const groundingMetadata = {
      webSearchQueries: ['weather san francisco'],
      groundingChunks: [{ web: { uri: 'https://weather.example/sf', title: 'weather.example' } }],
      groundingSupports: [
        {
          segment: { startIndex: 0, endIndex: 11, text: 'It is 18 °C' },
          groundingChunkIndices: [0],
        },
      ],
    };
    const code = { executableCode: { language: 'PYTHON', code: 'print(17*23)' } };
    const output = { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '391\n' } };
    server.raw(
      JSON.stringify({
        candidates: [
          {
            content: { role: 'model', parts: [code, output, { text: 'It is 18 °C.' }] },
            finishReason: 'STOP',
            index: 0,
            groundingMetadata,
          },
        ],
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
      }),
      jsonHeaders,
    );
    const answer = await provider.chat(
      { model: 'gemini-2.5-flash', messages: [question] },
      signal(),
    );
    expect(answer.text).toBe('It is 18 °C.');
    expect(answer.providerMetadata).toEqual({
      google: { groundingMetadata, codeExecution: [code, output] },
    });
  });
});
