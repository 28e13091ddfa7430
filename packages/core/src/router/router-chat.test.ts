import { createMockProvider, type MockProvider, rejectionOf } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { NoProviderAvailableError } from '../errors/no-provider-available-error.js';
import { AuthError, InvalidRequestError, TimeoutError } from '../errors/provider-errors.js';
import { registerSecret } from '../errors/redact-secrets.js';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Provider } from '../provider/provider.js';
import { createRouter, type Router } from './router.js';
import { expectNoTimersLeft } from './timer-checks.test-util.js';

const ask = (
  content = 'What is the capital of France?',
  extra: Partial<ChatRequest> = {},
): ChatRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

let primary: MockProvider;
let backup: MockProvider;
let router: Router;

function makeRouter(extra: Partial<Parameters<typeof createRouter>[0]> = {}): Router {
  router = createRouter({
    providers: [primary, backup],
    models: { fast: ['primary:small', 'backup:small'], strong: ['backup:large'] },
    retry: { maxRetries: 0 },
    ...extra,
  });
  return router;
}

beforeEach(() => {
  primary = createMockProvider({ id: 'primary', rules: [{ reply: 'from primary' }] });
  backup = createMockProvider({ id: 'backup', rules: [{ reply: 'from backup' }] });
});
afterEach(async () => {
  await router?.close();
  vi.useRealTimers();
});

describe('router.chat: choosing', () => {
  it('answers from the first candidate of the default alias and explains the route', async () => {
    makeRouter();
    const answer = await router.chat(ask());
    expect(answer.text).toBe('from primary');
    expect(answer.provider).toBe('primary');
    expect(answer.model).toBe('small');
    expect(answer.cached).toBe(false);
    expect(answer.finishReason).toBe('stop');
    expect(answer.usage.inputTokens).toBeGreaterThan(0);
    expect(answer.route.candidates).toEqual(['primary:small', 'backup:small']);
    expect(answer.route.tier).toBe('fast');
    expect(answer.route.attempts).toEqual([
      {
        provider: 'primary',
        model: 'small',
        outcome: 'success',
        retry: 0,
        latencyMs: expect.any(Number),
      },
    ]);
    expect(answer.route.steps.at(-1)).toMatchObject({ verdict: 'decide' });
    expect(answer.route.reason).toContain('primary:small');
    expect(primary.calls[0]?.request.model).toBe('small');
    expect(backup.callCount).toBe(0);
  });

  it('honours a pinned model, an alias, and an ordered list', async () => {
    makeRouter();
    expect((await router.chat(ask('x', { model: 'backup:tiny' }))).model).toBe('tiny');
    expect((await router.chat(ask('x', { model: 'strong' }))).route.candidates).toEqual([
      'backup:large',
    ]);
    const listed = await router.chat(ask('x', { model: ['strong', 'primary:other'] }));
    expect(listed.route.candidates).toEqual(['backup:large', 'primary:other']);
  });

  it('refuses an unknown model or alias with a clear typed error', async () => {
    makeRouter();
    const error = await rejectionOf(router.chat(ask('x', { model: 'medium' })));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error.message).toContain('Unknown model or alias "medium"');
    expect(error.message).toContain('fast, strong');
    expect((await rejectionOf(router.chat(ask('x', { model: 'cohere:command' })))).code).toBe(
      'unknown_model',
    );
    expect(primary.callCount + backup.callCount).toBe(0);
  });

  it('suggests what an unknown name most likely meant', async () => {
    makeRouter();
    const message = async (model: string) =>
      (await rejectionOf(router.chat(ask('x', { model })))).message;
    // A configured model without its provider, a typo of an alias, of a configured reference, of
    // a provider id (a reference whose provider is configured is not unknown: it is sent as is).
    expect(await message('large')).toMatch(/ Did you mean "backup:large"\?$/);
    expect(await message('fsat')).toMatch(/ Did you mean "fast"\?$/);
    expect(await message('strnog')).toMatch(/ Did you mean "strong"\?$/);
    expect(await message('bakup:large')).toMatch(/ Did you mean "backup:large"\?$/);
    expect(await message('primry:other')).toMatch(/ Did you mean "primary:other"\?$/);
    // Nothing near: no guess.
    expect(await message('medium')).not.toContain('Did you mean');
    expect(primary.callCount + backup.callCount).toBe(0);
  });

  it('refuses a model reference with whitespace or a control character before any call', async () => {
    makeRouter();
    for (const model of ['primary:small ', 'primary: small', 'primary:sm\tall']) {
      const error = await rejectionOf(router.chat(ask('x', { model })));
      expect(InvalidRequestError.isInstance(error), model).toBe(true);
      expect(error.message).toContain(
        `model: ${JSON.stringify(model)} holds whitespace or a control character`,
      );
    }
    expect(primary.callCount + backup.callCount).toBe(0);
    // An alias is a config key and may hold a space.
    await router.close();
    makeRouter({ models: { 'fast tier': ['primary:small'] } });
    expect((await router.chat(ask('x', { model: 'fast tier' }))).provider).toBe('primary');
  });

  it('refuses malformed requests, listing every problem, before any call', async () => {
    makeRouter();
    const error = await rejectionOf(
      router.chat({
        messages: [
          { role: 'user', content: 42 },
          { role: 'robot', content: 'x' },
          { role: 'tool', content: 'x' },
        ],
        temperature: 3,
        tools: [{ name: 'bad name!', parameters: {} }],
      } as unknown as ChatRequest),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    for (const fragment of [
      'messages[0].content',
      'messages[1].role',
      'messages[2].toolCallId',
      'temperature',
      'tools[0].name',
    ]) {
      expect(error.message).toContain(fragment);
    }
    expect((await rejectionOf(router.chat({ messages: [] }))).message).toContain('non-empty array');
    expect(primary.callCount).toBe(0);
  });

  it('refuses a tool result that answers no earlier tool call, and accepts one that does', async () => {
    makeRouter();
    const call = { id: 'call_1', name: 'weather', arguments: { city: 'Lyon' } };
    const orphan = await rejectionOf(
      router.chat({
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'tool', toolCallId: 'call_1', content: '{"sky":"clear"}' },
          { role: 'assistant', content: null, toolCalls: [call] },
          { role: 'tool', toolCallId: 'call_9', content: '{"sky":"rain"}' },
        ],
      }),
    );
    expect(InvalidRequestError.isInstance(orphan)).toBe(true);
    expect(orphan.message).toContain(
      'messages[1].toolCallId: "call_1" answers no tool call of an earlier assistant message',
    );
    expect(orphan.message).toContain('messages[3].toolCallId: "call_9"');
    expect(primary.callCount).toBe(0);
    const answer = await router.chat({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, toolCalls: [call] },
        { role: 'tool', toolCallId: 'call_1', content: '{"sky":"clear"}' },
      ],
    });
    expect(answer.text).toBe('from primary');
  });

  it('draws the first candidate by weight under the weighted strategy', async () => {
    let draw = 0;
    router = createRouter({
      providers: [primary, backup],
      models: {
        fast: {
          strategy: 'weighted',
          candidates: [
            { model: 'primary:small', weight: 1 },
            { model: 'backup:small', weight: 3 },
          ],
        },
      },
      random: () => draw,
    });
    draw = 0.1; // 0.1 * 4 = 0.4 falls in primary's share [0, 1)
    expect((await router.chat(ask())).route.candidates).toEqual(['primary:small', 'backup:small']);
    draw = 0.5; // 2.0 falls in backup's share [1, 4)
    expect((await router.chat(ask())).route.candidates).toEqual(['backup:small', 'primary:small']);
  });

  it('gives each provider only its own providerOptions', async () => {
    makeRouter();
    primary.failNext('server');
    await router.chat(ask('x', { providerOptions: { primary: { a: 1 }, backup: { b: 2 } } }));
    expect(primary.calls[0]?.request.providerOptions).toEqual({ a: 1 });
    expect(backup.calls[0]?.request.providerOptions).toEqual({ b: 2 });
  });
});

describe('router.chat: fallback', () => {
  it('falls back to the next candidate on a retryable error', async () => {
    makeRouter();
    primary.failNext({ status: 503, message: 'Service Unavailable' });
    const answer = await router.chat(ask());
    expect(answer.text).toBe('from backup');
    expect(answer.route.attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
      ['primary', 'error', 'server'],
      ['backup', 'success', undefined],
    ]);
    expect(answer.route.reason).toContain('backup:small after 1 failed or skipped attempt');
  });

  it('does not fall back on a non-retryable error', async () => {
    makeRouter();
    primary.failNext({ status: 400, message: 'messages: bad' });
    const error = await rejectionOf(router.chat(ask()));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error.status).toBe(400);
    expect(backup.callCount).toBe(0);
    expect(error.route?.attempts).toHaveLength(1);

    primary.failNext('auth');
    expect(AuthError.isInstance(await rejectionOf(router.chat(ask())))).toBe(true);
    expect(backup.callCount).toBe(0);
  });

  it('lets fallbackOn widen what falls back', async () => {
    makeRouter({ fallbackOn: (error) => error.retryable || error.kind === 'auth' });
    primary.failNext('auth');
    expect((await router.chat(ask())).provider).toBe('backup');
    expect(primary.callCount).toBe(1);
  });

  it('throws NoProviderAvailableError carrying every attempt when all candidates fail', async () => {
    makeRouter();
    primary.failNext('server');
    backup.failNext('rate-limit');
    const error = await rejectionOf(router.chat(ask()));
    expect(NoProviderAvailableError.isInstance(error)).toBe(true);
    const noProvider = error as NoProviderAvailableError;
    expect(noProvider.errors.map((e) => e.kind)).toEqual(['server', 'rate-limit']);
    expect(noProvider.lastError?.kind).toBe('rate-limit');
    expect(noProvider.cause).toBe(noProvider.lastError);
    expect(noProvider.message).toContain('primary:small failed (server');
    expect(noProvider.message).toContain('backup:small failed (rate-limit');
    expect(noProvider.route?.candidates).toEqual(['primary:small', 'backup:small']);
  });

  it('treats an unexpected provider throw as a typed, retryable error', async () => {
    const broken: Provider = {
      specificationVersion: 'v1',
      id: 'broken',
      chat: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'choices')");
      },
      stream: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('no')) }),
      }),
    };
    router = createRouter({
      providers: [broken, backup],
      models: { fast: ['broken:x', 'backup:small'] },
      retry: { maxRetries: 0 },
    });
    const answer = await router.chat(ask());
    expect(answer.provider).toBe('backup');
    expect(answer.route.attempts[0]).toMatchObject({ errorKind: 'unknown', outcome: 'error' });
    expect(answer.route.attempts[0]?.errorMessage).toContain("reading 'choices'");
  });

  it('never puts an API key in an error message, a trace or an event', async () => {
    const key = 'live-key-5f4dcc3b5aa765d61d8327deb882cf99';
    registerSecret(key); // what every adapter does with the key it is given
    const leaky: Provider = {
      specificationVersion: 'v1',
      id: 'leaky',
      chat: () =>
        Promise.reject(new Error(`401 Incorrect API key provided: ${key}; also Bearer ${key}`)),
      stream: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error(key)) }),
      }),
    };
    router = createRouter({
      providers: [leaky],
      models: { fast: ['leaky:x'] },
      retry: { maxRetries: 0 },
    });
    const error = await rejectionOf(router.chat(ask()));
    const everything = JSON.stringify({
      message: error.message,
      route: error.route,
      json: error.toJSON(),
      stack: error.stack,
      cause: String((error.cause as Error).message),
    });
    expect(everything).not.toContain(key);
    expect(everything).toContain('[REDACTED]');
  });
});

describe('router.chat: retries', () => {
  it('retries the same candidate with bounded exponential backoff and full jitter', async () => {
    vi.useFakeTimers();
    makeRouter({
      retry: { maxRetries: 4, initialDelayMs: 100, maxDelayMs: 300 },
      random: () => 0.999,
    });
    primary.failNext('server', 4);
    // A rule that never matches, used as a spy: it sees every call at the moment it is made.
    const callTimes: number[] = [];
    primary.addRule({
      when: () => {
        callTimes.push(Date.now());
        return false;
      },
    });
    const pending = router.chat(ask());
    await vi.runAllTimersAsync();
    const answer = await pending;
    expect(answer.provider).toBe('primary');
    expect(answer.route.attempts.map((a) => a.retry)).toEqual([0, 1, 2, 3, 4]);
    const gaps = callTimes.slice(1).map((t, i) => t - (callTimes[i] as number));
    // ceilings 100, 200, 300 (capped), 300: a draw of 0.999 waits just under each ceiling
    expect(gaps).toEqual([100, 200, 300, 300].map((ceiling) => Math.floor(0.999 * ceiling)));
    expect(backup.callCount).toBe(0);
  });

  it('waits at least as long as retry-after asks', async () => {
    vi.useFakeTimers();
    makeRouter({ retry: { maxRetries: 1 }, random: () => 0 });
    primary.failNext({ kind: 'rate-limit', retryAfterMs: 2000 });
    const pending = router.chat(ask());
    await vi.advanceTimersByTimeAsync(1999);
    expect(primary.callCount).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(primary.callCount).toBe(2);
    expect((await pending).provider).toBe('primary');
  });

  it('moves to the next candidate when retry-after is longer than maxRetryAfterMs', async () => {
    vi.useFakeTimers();
    makeRouter({ retry: { maxRetries: 2, maxRetryAfterMs: 5000 } });
    primary.failNext({ kind: 'rate-limit', retryAfterMs: 60_000 });
    const answer = await router.chat(ask());
    expect(answer.provider).toBe('backup');
    expect(primary.callCount).toBe(1);
  });
});

describe('router.chat: timeouts and aborts', () => {
  it('times out a hanging attempt, aborts its call, and falls back', async () => {
    vi.useFakeTimers();
    makeRouter({ attemptTimeoutMs: 1000 });
    primary.hangNext();
    const pending = router.chat(ask());
    await vi.advanceTimersByTimeAsync(999);
    expect(backup.callCount).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    const answer = await pending;
    expect(answer.provider).toBe('backup');
    expect(answer.route.attempts[0]).toMatchObject({ errorKind: 'timeout', latencyMs: 1000 });
    expect(primary.calls[0]?.outcome).toBe('aborted');
  });

  it('ends the whole request at the total timeout', async () => {
    vi.useFakeTimers();
    makeRouter({ attemptTimeoutMs: 600, timeoutMs: 1000 });
    primary.hangNext();
    backup.hangNext();
    const pending = rejectionOf(router.chat(ask()));
    await vi.advanceTimersByTimeAsync(1000);
    const error = await pending;
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).scope).toBe('total');
    // The limit exceeded is the request's 1 000 ms, not the 400 ms that were left when the
    // fallback began.
    expect((error as TimeoutError).timeoutMs).toBe(1000);
    expect(error.message).toBe('The request timed out after 1000 ms waiting for backup:small.');
    expect(error.route?.attempts.map((a) => a.latencyMs)).toEqual([600, 400]);
    expect(backup.calls[0]?.outcome).toBe('aborted');
  });

  it('lets a request set its own total timeout', async () => {
    vi.useFakeTimers();
    makeRouter();
    primary.hangNext();
    const pending = rejectionOf(router.chat(ask('x', { timeoutMs: 50 })));
    await vi.advanceTimersByTimeAsync(50);
    expect((await pending).kind).toBe('timeout');
  });

  it('stops the provider call at once when the caller aborts, without falling back', async () => {
    makeRouter();
    primary.hangNext();
    const controller = new AbortController();
    const pending = rejectionOf(router.chat(ask('x', { signal: controller.signal })));
    await vi.waitFor(() => expect(primary.callCount).toBe(1));
    controller.abort(new Error('user left'));
    const error = await pending;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(error.message).toContain('user left');
    expect(primary.calls[0]?.outcome).toBe('aborted');
    expect(backup.callCount).toBe(0);
  });

  it('stops a backoff sleep when the caller aborts', async () => {
    vi.useFakeTimers();
    makeRouter({
      retry: { maxRetries: 3, initialDelayMs: 10_000, maxDelayMs: 10_000 },
      random: () => 0.9,
    });
    primary.failNext('server');
    const controller = new AbortController();
    const pending = rejectionOf(router.chat(ask('x', { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(AbortError.isInstance(await pending)).toBe(true);
    await expectNoTimersLeft();
    expect(primary.callCount).toBe(1);
  });

  it('refuses an already aborted signal without calling anyone', async () => {
    makeRouter();
    const error = await rejectionOf(router.chat(ask('x', { signal: AbortSignal.abort() })));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(primary.callCount).toBe(0);
  });

  it('aborts requests in flight on close, leaves no timers, and refuses new ones', async () => {
    vi.useFakeTimers();
    makeRouter();
    primary.hangNext();
    const pending = rejectionOf(router.chat(ask()));
    await vi.advanceTimersByTimeAsync(1);
    await router.close();
    const error = await pending;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(error.message).toContain('router was closed');
    expect(primary.calls[0]?.outcome).toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
    expect((await rejectionOf(router.chat(ask()))).code).toBe('router_closed');
  });
});
