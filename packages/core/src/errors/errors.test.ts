import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { errorFromHttp, errorFromStreamFrame, isConnectionFailure } from './error-from-http.js';
import { defaultFallbackOn, MISSING_API_KEY, UNSUPPORTED_SCHEMA } from './fallback-on.js';
import { NoProviderAvailableError } from './no-provider-available-error.js';
import {
  AuthError,
  ConnectionError,
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from './provider-errors.js';
import { redactSecrets, registerSecret } from './redact-secrets.js';
import { parseDuration, parseRetryAfter } from './retry-after.js';
import { SwitchyardError } from './switchyard-error.js';

describe('error taxonomy', () => {
  it('recognises errors from another copy of the package (isInstance, not instanceof)', () => {
    // The built CommonJS bundle is a second copy of every class, as a duplicated install would be.
    const other = createRequire(import.meta.url)(
      '../../dist/index.cjs',
    ) as typeof import('../index.js');
    const foreign = new other.RateLimitError('429', { retryAfterMs: 1000 });
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(SwitchyardError.isInstance(foreign)).toBe(true);
    expect(ServerError.isInstance(foreign)).toBe(false);
    expect(other.RateLimitError.isInstance(new RateLimitError('429'))).toBe(true);
  });

  it('says whether each kind is retryable', () => {
    const cases: [SwitchyardError, boolean][] = [
      [new RateLimitError('x'), true],
      [new ServerError('x'), true],
      [new ConnectionError('x'), true],
      [new TimeoutError('x'), true],
      [new AuthError('x'), false],
      [new InvalidRequestError('x'), false],
      [new ContextLengthError('x'), false],
      [new ContentFilterError('x'), false],
      [new NoProviderAvailableError([], []), false],
    ];
    for (const [error, retryable] of cases)
      expect([error.name, error.retryable]).toEqual([error.name, retryable]);
  });

  it('keeps the cause and scrubs secrets from message, cause and stack', () => {
    const cause = new Error('401 Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwx');
    const error = new AuthError(
      'openai 401: Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwx',
      { cause },
    );
    expect(error.cause).toBe(cause);
    expect(error.message).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(cause.message).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(cause.stack).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(error.message).toContain('[REDACTED]');
  });

  it("scrubs secrets the SDK error keeps in its own properties (the vendor's body)", () => {
    registerSecret('body-echoed-secret-77');
    const sdkError = Object.assign(new Error('401 rejected'), {
      status: 401,
      error: {
        message: 'Incorrect API key provided: body-echoed-secret-77.',
        details: [{ note: 'key body-echoed-secret-77' }],
      },
      cause: Object.assign(new Error('inner body-echoed-secret-77'), {
        hint: 'body-echoed-secret-77',
      }),
    });
    new AuthError('openai 401: rejected', { cause: sdkError });
    const serialised = JSON.stringify(sdkError) + sdkError.cause.message + sdkError.cause.stack;
    expect(serialised).not.toContain('body-echoed-secret-77');
    expect(sdkError.error.message).toBe('Incorrect API key provided: [REDACTED].');
    expect(sdkError.status).toBe(401);
  });

  it('redacts registered secrets and credential shapes', () => {
    registerSecret('my-very-own-secret-value');
    const text = [
      'key my-very-own-secret-value',
      'Authorization: Bearer abc.def.ghijklmnop',
      'x-goog-api-key=AIzaSyA1234567890abcdefghijklmno',
      'anthropic sk-ant-api03-abcdefghijklmnopqrst',
      'groq gsk_abcdefghijklmnopqrstuvwx',
      'api_key="hunter2hunter2"',
    ].join('\n');
    const out = redactSecrets(text);
    for (const secret of [
      'my-very-own-secret-value',
      'abc.def.ghijklmnop',
      'AIzaSyA1234567890',
      'api03-abcdefghij',
      'gsk_abcdefghij',
      'hunter2hunter2',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('a task-manager-service said hello')).toBe(
      'a task-manager-service said hello',
    );
  });
});

describe('errorFromHttp', () => {
  const map = (
    status: number | undefined,
    message = 'failed',
    code?: string,
    headers?: Record<string, string>,
  ) => errorFromHttp({ provider: 'openai', status, message, code, headers });

  it('maps statuses to kinds', () => {
    expect(map(429).kind).toBe('rate-limit');
    expect(map(408).kind).toBe('timeout');
    expect(map(504).kind).toBe('timeout');
    expect(map(409).kind).toBe('server');
    expect(map(500).kind).toBe('server');
    expect(map(503).kind).toBe('server');
    expect(map(529).kind).toBe('server');
    expect(map(401).kind).toBe('auth');
    expect(map(403).kind).toBe('auth');
    expect(map(400).kind).toBe('invalid-request');
    expect(map(404).kind).toBe('invalid-request');
    expect(map(422).kind).toBe('invalid-request');
    expect(map(413).kind).toBe('context-length');
    expect(map(undefined).kind).toBe('connection');
  });

  it('recognises context-length and content-filter refusals', () => {
    expect(
      map(400, "This model's maximum context length is 8192 tokens", 'context_length_exceeded')
        .kind,
    ).toBe('context-length');
    expect(map(400, 'prompt is too long: 210000 tokens > 200000 maximum').kind).toBe(
      'context-length',
    );
    expect(map(400, 'The response was filtered', 'content_filter').kind).toBe('content-filter');
  });

  it('reads retry-after-ms before retry-after, and the request id', () => {
    const error = map(429, 'slow down', undefined, {
      'Retry-After': '7',
      'retry-after-ms': '1500',
      'x-request-id': 'req_1',
    });
    expect(error.retryAfterMs).toBe(1500);
    expect(error.requestId).toBe('req_1');
    expect(error.status).toBe(429);
    expect(error.message).toBe('openai 429: slow down');
  });
});

describe('errorFromStreamFrame', () => {
  it('is a rate limit when the code or the vendor says so, else a server error', () => {
    const frame = (code: string | undefined, rateLimited?: boolean) =>
      errorFromStreamFrame({ provider: 'p', message: 'boom', code, rateLimited, retryAfterMs: 5 });
    for (const code of ['rate_limit_error', 'rate_limit_exceeded', 'RESOURCE_EXHAUSTED']) {
      expect(RateLimitError.isInstance(frame(code)), code).toBe(true);
    }
    expect(RateLimitError.isInstance(frame('INTERNAL', true))).toBe(true);
    const server = frame('overloaded_error');
    expect(ServerError.isInstance(server)).toBe(true);
    expect(server).toMatchObject({
      message: 'p: the stream failed: boom',
      code: 'overloaded_error',
      retryable: true,
      retryAfterMs: 5,
      status: undefined,
    });
    expect(ServerError.isInstance(frame(undefined))).toBe(true);
  });
});

describe('isConnectionFailure', () => {
  it("finds a broken connection in the cause chain (undici's terminated, socket codes)", () => {
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(isConnectionFailure(new TypeError('terminated', { cause: socket }))).toBe(true);
    expect(isConnectionFailure(new Error('wrapped', { cause: socket }))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionFailure(new Error('Bad request'))).toBe(false);
    expect(isConnectionFailure('terminated')).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });
});

describe('retry-after parsing', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'retry-after': '2' })).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '0.5' })).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250.5' }))).toBe(250.5);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '-3' })).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('reads protobuf durations', () => {
    expect(parseDuration('7s')).toBe(7000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('7')).toBeUndefined();
  });
});

describe('NoProviderAvailableError', () => {
  it('carries the wait the last rate limit asked for', () => {
    const error = new NoProviderAvailableError(
      [],
      [
        new RateLimitError('429', { retryAfterMs: 20_000 }),
        new RateLimitError('429', { retryAfterMs: 7_000 }),
        new ServerError('503'),
      ],
    );
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.toJSON()).toMatchObject({ retryAfterMs: 7_000 });
    expect(new NoProviderAvailableError([], [new ServerError('503')]).retryAfterMs).toBeUndefined();
  });
});

describe('defaultFallbackOn', () => {
  it('moves on after retryable errors, context-length refusals and vendor-unsupported parts', () => {
    expect(defaultFallbackOn(new ServerError('503'))).toBe(true);
    expect(defaultFallbackOn(new ContextLengthError('too long'))).toBe(true);
    expect(
      defaultFallbackOn(new InvalidRequestError('no records', { code: UNSUPPORTED_SCHEMA })),
    ).toBe(true);
    expect(defaultFallbackOn(new InvalidRequestError('400'))).toBe(false);
    expect(defaultFallbackOn(new AuthError('401'))).toBe(false);
    // No key configured at all is not a rejected key: the next vendor may have one.
    expect(defaultFallbackOn(new AuthError('no key', { code: MISSING_API_KEY }))).toBe(true);
    expect(defaultFallbackOn(new ContentFilterError('blocked'))).toBe(false);
  });
});
