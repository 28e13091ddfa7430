import {
  type ErrorKind,
  type Message,
  type Provider,
  type ProviderRequest,
  type ProviderStreamPart,
  SwitchyardError,
  type ToolDefinition,
} from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainStream, rejectionOf } from '../await-helpers.js';
import type { FakeRequest } from '../fake-servers/fake-request.js';
import type { FakeServer } from '../fake-servers/fake-server.js';

/** What a vendor's wire format can express; the suite adapts the few checks that depend on it. */
export interface ProviderContractFeatures {
  /**
   * The vendor sends tool-call ids. Without them (Gemini) the suite checks that the adapter
   * synthesises stable ones instead. Defaults to `true`.
   */
  readonly toolCallIds?: boolean | undefined;
  /**
   * Tool-call arguments travel as JSON text, so the vendor can send text that does not parse.
   * Defaults to `true`.
   */
  readonly textToolArguments?: boolean | undefined;
  /**
   * Whether the vendor can cut a tool call at the output limit (it streams arguments as text);
   * the adapter then answers with finish `length` and the call marked `incomplete`. Defaults to
   * `true`.
   */
  readonly cutToolCalls?: boolean | undefined;
  /**
   * The vendor asks for waits with `retry-after-ms` / `retry-after` headers (Gemini carries the
   * wait in its error body). Defaults to `true`.
   */
  readonly retryAfterHeaders?: boolean | undefined;
}

/** Options of {@link runProviderContract}. */
export interface ProviderContractOptions {
  /** Names the suite in test titles (`openai`). */
  readonly name: string;
  /** Starts the vendor's fake server. Called before every test; the suite closes it after. */
  readonly startServer: () => Promise<FakeServer>;
  /**
   * Creates the provider under test, pointed at the fake server. The suite passes the server's
   * key, or another one when it tests a rejected key.
   */
  readonly createProvider: (connection: {
    readonly baseURL: string;
    readonly apiKey: string;
  }) => Provider;
  /** A model the adapter knows (`getModelInfo` must describe it). */
  readonly model: string;
  /** The provider id the adapter should report. Defaults to `name`. */
  readonly providerId?: string | undefined;
  /** What the vendor's wire format can express. Defaults to everything. */
  readonly features?: ProviderContractFeatures | undefined;
}

// Schemas stay within what every vendor takes (Gemini refuses `additionalProperties`).
const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city'],
  },
};
const timeTool: ToolDefinition = {
  name: 'get_time',
  description: 'Local time in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const answerSchema = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city', 'population'],
  additionalProperties: false,
};

const STATUSES: readonly (readonly [number, ErrorKind, boolean])[] = [
  [400, 'invalid-request', false],
  [401, 'auth', false],
  [403, 'auth', false],
  [404, 'invalid-request', false],
  [408, 'timeout', true],
  [409, 'server', true],
  [422, 'invalid-request', false],
  [429, 'rate-limit', true],
  [500, 'server', true],
  [502, 'server', true],
  [503, 'server', true],
  [504, 'timeout', true],
  [529, 'server', true],
];

function typed(error: unknown): SwitchyardError {
  expect(SwitchyardError.isInstance(error), `not a Switchyard error: ${String(error)}`).toBe(true);
  return error as SwitchyardError;
}

async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition(), `timed out waiting for ${what}`).toBe(true);
}

/** Every message, cause and serialisation of an error, for secret checks. */
function everythingSaid(error: unknown): string {
  const seen: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 8; depth++) {
    if (current instanceof Error) seen.push(current.message, current.stack ?? '');
    else seen.push(String(current));
    try {
      seen.push(JSON.stringify(current));
    } catch {
      // A cyclic cause: its messages are collected anyway.
    }
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return seen.join('\n');
}

function activeCounts(): { timers: number; sockets: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    timers: resources.filter((r) => r === 'Timeout').length,
    sockets: resources.filter((r) => r === 'TCPSocketWrap').length,
  };
}

/**
 * The provider contract every Switchyard adapter passes: text, multi-turn conversations, system
 * prompts, sampling parameters, tools and tool choice, tool results, JSON and JSON-schema output,
 * finish reasons, usage (cached tokens included) in both modes, every HTTP error status, retry
 * waits, connection failures, unusable answers, truncated streams, mid-stream error frames,
 * aborts (before, during, and mid-stream), secrets kept out of errors, and no timer or socket
 * left behind. It drives the adapter through its real SDK against a fake vendor server and
 * checks both what came back and what the SDK sent (through the server's parsed `chat` view).
 *
 * Call it from a test file of the adapter:
 *
 * @example
 * import { runProviderContract } from '@switchyard/testing/contract';
 * import { startFakeOpenAI } from '@switchyard/testing';
 * import { createOpenAI } from './openai-provider.js';
 *
 * runProviderContract({
 *   name: 'openai',
 *   model: 'gpt-4o-mini',
 *   startServer: () => startFakeOpenAI(),
 *   createProvider: ({ baseURL, apiKey }) => createOpenAI({ baseURL, apiKey }),
 * });
 */
export function runProviderContract(options: ProviderContractOptions): void {
  const { model } = options;
  const providerId = options.providerId ?? options.name;
  const features = {
    toolCallIds: options.features?.toolCallIds ?? true,
    textToolArguments: options.features?.textToolArguments ?? true,
    cutToolCalls: options.features?.cutToolCalls ?? true,
    retryAfterHeaders: options.features?.retryAfterHeaders ?? true,
  };

  describe(`provider contract: ${options.name}`, () => {
    let server: FakeServer;
    let provider: Provider;
    const extraProviders: Provider[] = [];

    beforeEach(async () => {
      server = await options.startServer();
      provider = options.createProvider({ baseURL: server.baseURL, apiKey: server.apiKey });
    });

    afterEach(async () => {
      for (const extra of extraProviders.splice(0)) await extra.close?.();
      await provider.close?.();
      await server.close();
    });

    const signal = () => ({ signal: new AbortController().signal });
    const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({
      model,
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
      ...extra,
    });
    const sent = (): FakeRequest => {
      const last = server.lastRequest;
      expect(last?.chat, 'the fake server received no well-formed chat request').toBeDefined();
      return last as FakeRequest;
    };

    describe('identity', () => {
      it('speaks contract v1 under its provider id', () => {
        expect(provider.specificationVersion).toBe('v1');
        expect(provider.id).toBe(providerId);
      });

      it('knows its model and nothing it does not know', () => {
        const info = provider.getModelInfo?.(model);
        expect(info?.id).toBe(model);
        expect(info?.contextWindow).toBeGreaterThan(0);
        const { vision, ...required } = info?.capabilities ?? {};
        expect(required).toEqual({
          tools: expect.any(Boolean),
          json: expect.any(Boolean),
          jsonSchema: expect.any(Boolean),
          streaming: expect.any(Boolean),
        });
        // Optional: absent means the model takes images.
        expect(vision === undefined || typeof vision === 'boolean').toBe(true);
        expect(provider.getModelInfo?.('no-such-model-at-all')).toBeUndefined();
      });
    });

    describe('chat', () => {
      it('answers with text, finish reason, usage, model and id', async () => {
        server.reply({
          text: 'Paris.',
          usage: { inputTokens: 12, outputTokens: 3 },
          model: `${model}-reported`,
          id: 'resp-contract-1',
        });
        const response = await provider.chat(request(), signal());
        expect(response).toMatchObject({
          text: 'Paris.',
          toolCalls: [],
          finishReason: 'stop',
          usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 },
          model: `${model}-reported`,
          id: 'resp-contract-1',
        });
        expect(server.requests).toHaveLength(1);
        expect(sent().chat).toMatchObject({
          model,
          system: undefined,
          messages: [{ role: 'user', content: 'What is the capital of France?' }],
          stream: false,
        });
      });

      it('sends the system prompt apart and the conversation in order', async () => {
        const messages: Message[] = [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Capital of Italy?' },
        ];
        await provider.chat(request({ messages }), signal());
        expect(sent().chat?.system).toBe('You are terse.');
        expect(sent().chat?.messages).toEqual(messages.slice(1));
      });

      it('sends temperature, top-p, max tokens and stop sequences', async () => {
        await provider.chat(
          request({ temperature: 0.3, maxTokens: 256, stop: ['END', 'STOP'] }),
          signal(),
        );
        expect(sent().chat).toMatchObject({
          temperature: 0.3,
          maxTokens: 256,
          stop: ['END', 'STOP'],
        });
        // Apart: some models refuse temperature and top-p together.
        await provider.chat(request({ topP: 0.8 }), signal());
        expect(sent().chat).toMatchObject({ topP: 0.8, temperature: undefined });
        // Unset stays unset (max tokens aside: Anthropic requires it, so adapters may default it).
        await provider.chat(request(), signal());
        expect(sent().chat).toMatchObject({
          temperature: undefined,
          topP: undefined,
          stop: undefined,
        });
      });

      it('sends tools with each tool choice', async () => {
        const choices = ['auto', 'none', 'required', { name: 'get_time' }] as const;
        for (const toolChoice of choices) {
          await provider.chat(request({ tools: [weatherTool, timeTool], toolChoice }), signal());
          expect(sent().chat?.tools).toEqual([weatherTool, timeTool]);
          expect(sent().chat?.toolChoice).toEqual(toolChoice);
        }
        await provider.chat(request({ tools: [weatherTool] }), signal());
        expect(sent().chat?.toolChoice ?? 'auto').toBe('auto');
      });

      it('returns tool calls with ids and parsed arguments', async () => {
        const calls = [
          { id: 'call_weather_1', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'call_time_2', name: 'get_time', arguments: { city: 'Rome' } },
        ];
        server.reply({ toolCalls: calls }).reply({ toolCalls: calls });
        const first = await provider.chat(request({ tools: [weatherTool, timeTool] }), signal());
        expect(first.finishReason).toBe('tool-calls');
        expect(first.text).toBe('');
        expect(first.toolCalls.map((c) => [c.name, c.arguments])).toEqual([
          ['get_weather', { city: 'Paris' }],
          ['get_time', { city: 'Rome' }],
        ]);
        if (features.toolCallIds) {
          expect(first.toolCalls.map((c) => c.id)).toEqual(['call_weather_1', 'call_time_2']);
        } else {
          const ids = first.toolCalls.map((c) => c.id);
          expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
          expect(new Set(ids).size).toBe(2);
          const again = await provider.chat(request({ tools: [weatherTool, timeTool] }), signal());
          expect(
            again.toolCalls.map((c) => c.id),
            'synthesised ids must be stable',
          ).toEqual(ids);
        }
      });

      it('sends tool calls and their results back in the conversation', async () => {
        const messages: Message[] = [
          { role: 'user', content: 'Weather and time in Paris?' },
          {
            role: 'assistant',
            toolCalls: [
              { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
              { id: 'call_b', name: 'get_time', arguments: { city: 'Paris' } },
            ],
          },
          { role: 'tool', toolCallId: 'call_a', name: 'get_weather', content: '{"tempC":21}' },
          { role: 'tool', toolCallId: 'call_b', name: 'get_time', content: '{"time":"14:05"}' },
        ];
        server.reply('21°C at 14:05.');
        const response = await provider.chat(
          request({ messages, tools: [weatherTool, timeTool] }),
          signal(),
        );
        expect(response.text).toBe('21°C at 14:05.');
        const seen = sent().chat?.messages ?? [];
        expect(seen[0]).toEqual(messages[0]);
        expect(seen[1]).toMatchObject({
          role: 'assistant',
          toolCalls: [
            { name: 'get_weather', arguments: { city: 'Paris' } },
            { name: 'get_time', arguments: { city: 'Paris' } },
          ],
        });
        const results = seen.slice(2);
        expect(results.map((m) => [m.role, m.content])).toEqual([
          ['tool', '{"tempC":21}'],
          ['tool', '{"time":"14:05"}'],
        ]);
        if (features.toolCallIds) {
          expect(seen[1]).toMatchObject({ toolCalls: [{ id: 'call_a' }, { id: 'call_b' }] });
          expect(results.map((m) => (m.role === 'tool' ? m.toolCallId : undefined))).toEqual([
            'call_a',
            'call_b',
          ]);
        } else {
          expect(results.map((m) => (m.role === 'tool' ? m.name : undefined))).toEqual([
            'get_weather',
            'get_time',
          ]);
        }
      });

      it('asks for JSON matching a schema, natively', async () => {
        server.reply('{"city":"Paris","population":2100000}');
        const response = await provider.chat(
          request({ responseFormat: { type: 'json', schema: answerSchema } }),
          signal(),
        );
        expect(JSON.parse(response.text)).toEqual({ city: 'Paris', population: 2_100_000 });
        // The schema's substance; a vendor that cannot take `additionalProperties` may drop it.
        expect(sent().chat?.responseFormat).toMatchObject({
          type: 'json',
          schema: {
            type: 'object',
            properties: answerSchema.properties,
            required: answerSchema.required,
          },
        });
      });

      it('asks for bare JSON without a schema', async () => {
        server.reply('{"ok":true}');
        const response = await provider.chat(
          request({
            messages: [{ role: 'user', content: 'Answer in JSON: is Paris in France?' }],
            responseFormat: { type: 'json' },
          }),
          signal(),
        );
        expect(response.text).toBe('{"ok":true}');
        expect(sent().chat?.responseFormat).toEqual({ type: 'json' });
        await provider.chat(request({ responseFormat: { type: 'text' } }), signal());
        expect(sent().chat?.responseFormat).toBeUndefined();
      });

      it.each(['stop', 'length', 'content-filter'] as const)(
        'maps the finish reason %s',
        async (finishReason) => {
          server.reply({ text: 'partial', finishReason });
          const response = await provider.chat(request(), signal());
          expect(response.finishReason).toBe(finishReason);
          expect(response.rawFinishReason).toEqual(expect.any(String));
        },
      );

      it('reports cached input tokens', async () => {
        server.reply({
          text: 'ok',
          usage: { inputTokens: 40, outputTokens: 2, cachedInputTokens: 32 },
        });
        const response = await provider.chat(request(), signal());
        expect(response.usage).toMatchObject({
          inputTokens: 40,
          outputTokens: 2,
          totalTokens: 42,
          cachedInputTokens: 32,
        });
      });
    });

    describe('errors', () => {
      it.each(STATUSES)(
        'maps HTTP %i to %s (retryable: %s) with no retry of its own',
        async (status, kind, retryable) => {
          server.fail(status);
          const error = await rejectionOf(provider.chat(request(), signal()));
          expect(error).toMatchObject({ kind, retryable, status, provider: providerId });
          expect(server.requests, 'the SDK must not retry: the router does').toHaveLength(1);
        },
      );

      it('recognises a context-length refusal and a content-filter refusal', async () => {
        server.fail(400, { reason: 'context-length' }).fail(400, { reason: 'content-filter' });
        const tooLong = await rejectionOf(provider.chat(request(), signal()));
        expect(tooLong).toMatchObject({ kind: 'context-length', retryable: false, status: 400 });
        const filtered = await rejectionOf(provider.chat(request(), signal()));
        expect(filtered).toMatchObject({ kind: 'content-filter', retryable: false, status: 400 });
      });

      it('reads the wait a rate limit asks for', async () => {
        server.fail(429, { retryAfter: 7 });
        const error = await rejectionOf(provider.chat(request(), signal()));
        expect(error).toMatchObject({ kind: 'rate-limit', retryAfterMs: 7_000 });
      });

      if (features.retryAfterHeaders) {
        it('prefers retry-after-ms, and reads retry-after as an HTTP date', async () => {
          server
            .fail(429, { retryAfterMs: 1_500 })
            .fail(503, { retryAfterMs: 250, retryAfter: 9 })
            .fail(429, { retryAfter: new Date(Date.now() + 5_000).toUTCString() });
          expect((await rejectionOf(provider.chat(request(), signal()))).retryAfterMs).toBe(1_500);
          expect((await rejectionOf(provider.chat(request(), signal()))).retryAfterMs).toBe(250);
          const dated = (await rejectionOf(provider.chat(request(), signal()))).retryAfterMs;
          expect(dated).toBeGreaterThan(2_000);
          expect(dated).toBeLessThanOrEqual(5_000);
        });
      }

      it('maps a dropped connection to a retryable ConnectionError, tried once', async () => {
        server.drop();
        const error = await rejectionOf(provider.chat(request(), signal()));
        expect(error).toMatchObject({ kind: 'connection', retryable: true, provider: providerId });
        expect(server.requests).toHaveLength(1);
      });

      it('maps an answer that is not JSON to a retryable InvalidResponseError', async () => {
        server.raw('this is not json', { headers: { 'content-type': 'application/json' } });
        server.raw('<html>gateway says hi</html>', { headers: { 'content-type': 'text/html' } });
        for (let i = 0; i < 2; i++) {
          const error = await rejectionOf(provider.chat(request(), signal()));
          expect(error).toMatchObject({ kind: 'invalid-response', retryable: true });
        }
      });

      if (features.textToolArguments) {
        it('refuses tool-call arguments that are not JSON, in both modes', async () => {
          const broken = { toolCalls: [{ name: 'get_weather', arguments: '{"city": "Par' }] };
          server.reply(broken).stream(broken);
          const error = await rejectionOf(
            provider.chat(request({ tools: [weatherTool] }), signal()),
          );
          expect(error).toMatchObject({ kind: 'invalid-response', code: 'invalid_tool_arguments' });
          const streamed = await drainStream(
            provider.stream(request({ tools: [weatherTool] }), signal()),
          );
          expect(typed(streamed.error)).toMatchObject({ code: 'invalid_tool_arguments' });
          expect(streamed.parts.some((p) => p.type === 'finish')).toBe(false);
        });
      }

      if (features.cutToolCalls) {
        it('answers a tool call cut by the output limit with finish length and the call incomplete, in both modes', async () => {
          const cut = {
            toolCalls: [{ name: 'get_weather', arguments: '{"city": "The quarterly numbers show' }],
            finishReason: 'length' as const,
          };
          server.reply(cut).stream(cut);
          const answer = await provider.chat(request({ tools: [weatherTool] }), signal());
          expect(answer.finishReason).toBe('length');
          expect(answer.toolCalls).toHaveLength(1);
          expect(answer.toolCalls[0]).toMatchObject({ name: 'get_weather', incomplete: true });
          const streamed = await drainStream(
            provider.stream(request({ tools: [weatherTool] }), signal()),
          );
          expect(streamed.error).toBeUndefined();
          const calls = streamed.parts.flatMap((p) => (p.type === 'tool-call' ? [p.toolCall] : []));
          expect(calls).toHaveLength(1);
          expect(calls[0]).toMatchObject({ name: 'get_weather', incomplete: true });
          expect(streamed.parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
        });
      }

      it('never puts the API key in an error, even when the vendor echoes it', async () => {
        const secret = `contract-secret-${Math.random().toString(36).slice(2)}-key`;
        const wrong = options.createProvider({ baseURL: server.baseURL, apiKey: secret });
        extraProviders.push(wrong);
        const error = await rejectionOf(wrong.chat(request(), signal()));
        expect(error).toMatchObject({ kind: 'auth', retryable: false });
        // A 401 everywhere but Gemini, which refuses a wrong key with a 400 (API_KEY_INVALID).
        expect([400, 401]).toContain(error.status);
        expect(server.lastRequest?.answer).toBe('unauthorized');
        expect(everythingSaid(error)).not.toContain(secret);

        server.fail(500, { message: `upstream saw key ${server.apiKey}` });
        const echoed = await rejectionOf(provider.chat(request(), signal()));
        expect(everythingSaid(echoed)).not.toContain(server.apiKey);
      });
    });

    describe('aborts', () => {
      it('refuses at once when the signal is already aborted', async () => {
        const error = await rejectionOf(provider.chat(request(), { signal: AbortSignal.abort() }));
        expect(error.kind).toBe('abort');
        expect(server.requests).toHaveLength(0);
      });

      it('aborts a call the vendor never answers and closes its connection', async () => {
        server.hang();
        const controller = new AbortController();
        const pending = provider.chat(request(), { signal: controller.signal });
        await server.waitForRequests(1);
        controller.abort();
        expect((await rejectionOf(pending)).kind).toBe('abort');
        await eventually(() => server.lastRequest?.disconnected === true, 'the client to hang up');
      });

      it('aborts a stream mid-way and closes its connection', async () => {
        server.stream('one two three four five', { stallAfterChunks: 2 });
        const controller = new AbortController();
        const parts: ProviderStreamPart[] = [];
        let caught: unknown;
        try {
          for await (const part of provider.stream(request(), { signal: controller.signal })) {
            parts.push(part);
            if (parts.length === 2) controller.abort();
          }
        } catch (error) {
          caught = error;
        }
        expect(typed(caught).kind).toBe('abort');
        expect(parts.map((p) => p.type)).toEqual(['text-delta', 'text-delta']);
        await eventually(() => server.lastRequest?.disconnected === true, 'the client to hang up');
      });

      it('closes the connection when the consumer stops reading', async () => {
        server.stream('one two three four five', { stallAfterChunks: 3 });
        for await (const part of provider.stream(request(), signal())) {
          expect(part.type).toBe('text-delta');
          break;
        }
        await eventually(() => server.lastRequest?.disconnected === true, 'the client to hang up');
      });

      it('close() aborts the calls in flight', async () => {
        server.hang().stream('one two three', { stallAfterChunks: 1 });
        const hung = provider.chat(request(), signal());
        await server.waitForRequests(1);
        const streamed = drainStream(provider.stream(request(), signal()));
        await server.waitForRequests(2);
        await provider.close?.();
        expect((await rejectionOf(hung)).kind).toBe('abort');
        expect(typed((await streamed).error).kind).toBe('abort');
        await eventually(
          () => server.requests.every((r) => r.disconnected),
          'both connections to close',
        );
      });
    });

    describe('streams', () => {
      it('streams text deltas, then one finish with usage', async () => {
        const text = 'The quick brown fox jumps over the lazy dog.';
        server.stream(
          {
            text,
            usage: { inputTokens: 9, outputTokens: 11, cachedInputTokens: 4 },
            id: 'resp-s1',
          },
          { chunkSize: 7 },
        );
        const { parts, error } = await drainStream(provider.stream(request(), signal()));
        expect(error).toBeUndefined();
        const deltas = parts.filter((p) => p.type === 'text-delta');
        expect(deltas.length).toBeGreaterThan(3);
        expect(deltas.map((p) => (p.type === 'text-delta' ? p.text : '')).join('')).toBe(text);
        expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
        expect(parts.at(-1)).toMatchObject({
          type: 'finish',
          finishReason: 'stop',
          usage: { inputTokens: 9, outputTokens: 11, totalTokens: 20, cachedInputTokens: 4 },
          id: 'resp-s1',
        });
        expect(sent().chat?.stream).toBe(true);
      });

      it('assembles streamed tool-call arguments across deltas', async () => {
        const calls = [
          { id: 'call_s1', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
          { id: 'call_s2', name: 'get_time', arguments: { city: 'Reykjavík' } },
        ];
        server.stream({ text: 'Checking.', toolCalls: calls }, { chunkSize: 5 });
        const { parts, error } = await drainStream(
          provider.stream(request({ tools: [weatherTool, timeTool] }), signal()),
        );
        expect(error).toBeUndefined();
        const toolCalls = parts.flatMap((p) => (p.type === 'tool-call' ? [p.toolCall] : []));
        expect(toolCalls.map((c) => [c.name, c.arguments])).toEqual([
          ['get_weather', { city: 'Paris', unit: 'celsius' }],
          ['get_time', { city: 'Reykjavík' }],
        ]);
        if (features.toolCallIds)
          expect(toolCalls.map((c) => c.id)).toEqual(['call_s1', 'call_s2']);
        else expect(toolCalls.every((c) => typeof c.id === 'string' && c.id !== '')).toBe(true);
        expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
      });

      it('maps an error before the stream starts like a chat error', async () => {
        server.fail(429, { retryAfter: 3 });
        const { parts, error } = await drainStream(provider.stream(request(), signal()));
        expect(parts).toEqual([]);
        expect(typed(error)).toMatchObject({
          kind: 'rate-limit',
          retryAfterMs: 3_000,
          status: 429,
        });
        expect(server.requests).toHaveLength(1);
      });

      it.each([
        ['after some content', { truncate: 2 }],
        ['after all content, before the finish', { truncate: true }],
        ['by a connection reset', { truncate: 2, truncateMode: 'destroy' }],
      ] as const)('treats a stream cut %s as a typed error, never a finish', async (_how, cut) => {
        server.stream('one two three four five', cut);
        const { parts, error } = await drainStream(provider.stream(request(), signal()));
        expect(typed(error)).toMatchObject({ kind: 'connection', retryable: true });
        expect(parts.some((p) => p.type === 'finish')).toBe(false);
      });

      it('throws a typed error for a mid-stream error frame, after the content before it', async () => {
        server.stream('one two three four', {
          errorAfterChunks: 2,
          errorMessage: 'upstream fell over',
        });
        const { parts, error } = await drainStream(provider.stream(request(), signal()));
        expect(typed(error)).toMatchObject({ kind: 'server', retryable: true });
        expect((error as Error).message).toContain('upstream fell over');
        expect(parts.map((p) => p.type)).toEqual(['text-delta', 'text-delta']);
      });

      it('streams the finish reason for a length stop', async () => {
        server.stream({ text: 'cut short', finishReason: 'length' });
        const { parts } = await drainStream(provider.stream(request(), signal()));
        expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
      });
    });

    describe('resources', () => {
      it('leaves no timer or socket behind', async () => {
        const before = activeCounts();
        server
          .reply('one')
          .stream('two three')
          .fail(503)
          .hang()
          .stream('four five six', { stallAfterChunks: 1 });
        await provider.chat(request(), signal());
        await drainStream(provider.stream(request(), signal()));
        await rejectionOf(provider.chat(request(), signal()));
        const controller = new AbortController();
        const hung = provider.chat(request(), { signal: controller.signal });
        await server.waitForRequests(4);
        controller.abort();
        await rejectionOf(hung);
        const stalled = new AbortController();
        const aborted = drainStream(provider.stream(request(), { signal: stalled.signal }));
        await server.waitForRequests(5);
        stalled.abort();
        expect(typed((await aborted).error).kind).toBe('abort');
        await provider.close?.();
        await server.close();
        expect(server.openSockets).toBe(0);
        await eventually(() => {
          const after = activeCounts();
          return after.timers <= before.timers && after.sockets <= before.sockets;
        }, 'timers and sockets to be released');
      });
    });
  });
}
