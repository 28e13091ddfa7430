import { describe, expect, it } from 'vitest';
import { AbortError } from './abort-error.js';
import {
  ConnectionError,
  InvalidResponseError,
  RateLimitError,
  TimeoutError,
} from './provider-errors.js';
import { errorBeforeMapping, stainlessTransportError, unexpectedSdkError } from './sdk-errors.js';

const context = { provider: 'acme', model: 'm-1' };

// Shaped like the Stainless SDKs' classes: recognised by constructor name, not instanceof.
class APIConnectionError extends Error {}

describe('errorBeforeMapping', () => {
  it('passes a Switchyard error through unchanged', () => {
    const error = new RateLimitError('acme 429: slow down', { provider: 'acme' });
    expect(errorBeforeMapping(error, context)).toBe(error);
  });

  it('leaves anything else to the adapter while the signal is not aborted', () => {
    const signal = new AbortController().signal;
    expect(errorBeforeMapping(new Error('boom'), { ...context, signal })).toBeUndefined();
    expect(errorBeforeMapping(new Error('boom'), context)).toBeUndefined();
  });

  it('turns whatever the SDK threw after an abort into an AbortError naming the provider', () => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    const error = errorBeforeMapping(new TypeError('fetch failed'), {
      ...context,
      signal: controller.signal,
    });
    expect(AbortError.isInstance(error)).toBe(true);
    expect(error?.message).toBe('acme: The request was aborted: user left.');
    expect(error?.provider).toBe('acme');
    expect(error?.model).toBe('m-1');
    expect(((error as AbortError).cause as Error).message).toBe('user left');
  });

  it("keeps the router's own abort error when that was the signal's reason", () => {
    const controller = new AbortController();
    const reason = new AbortError('The router was closed.', { provider: 'router' });
    controller.abort(reason);
    expect(errorBeforeMapping(new Error('x'), { ...context, signal: controller.signal })).toBe(
      reason,
    );
  });
});

describe('stainlessTransportError', () => {
  it('maps a user abort, the SDK timeout and a failed connection by class name', () => {
    const abort = stainlessTransportError('APIUserAbortError', new Error('aborted'), context);
    expect(AbortError.isInstance(abort)).toBe(true);
    expect(abort?.message).toBe('acme: the call was aborted.');

    const timeout = stainlessTransportError('APIConnectionTimeoutError', new Error('t'), context);
    expect(TimeoutError.isInstance(timeout)).toBe(true);
    expect((timeout as TimeoutError).scope).toBe('vendor');

    const refused = Object.assign(new APIConnectionError('Connection error.'), {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:9'),
    });
    const connection = stainlessTransportError('APIConnectionError', refused, context);
    expect(ConnectionError.isInstance(connection)).toBe(true);
    expect(connection?.message).toBe(
      'acme: the connection failed: connect ECONNREFUSED 127.0.0.1:9.',
    );
    expect(connection?.retryable).toBe(true);
  });

  it('treats any abort-like error as an abort, whatever its class', () => {
    const domAbort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(AbortError.isInstance(stainlessTransportError(undefined, domAbort, context))).toBe(true);
  });

  it('returns undefined for everything else', () => {
    expect(stainlessTransportError('APIError', new Error('400'), context)).toBeUndefined();
    expect(stainlessTransportError(undefined, 'a string', context)).toBeUndefined();
  });
});

describe('unexpectedSdkError', () => {
  it('calls JSON that does not parse an invalid response', () => {
    const error = unexpectedSdkError(new SyntaxError('Unexpected token <'), 'Unexpected token <', {
      ...context,
    });
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(error.code).toBe('invalid_json');
  });

  it('calls a broken socket a connection error, looking through causes', () => {
    const broken = new TypeError('fetch failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    const error = unexpectedSdkError(broken, 'fetch failed', context);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error.message).toBe('acme: the connection broke (fetch failed).');
  });

  it('keeps anything else as a retryable unknown error with the SDK message', () => {
    const error = unexpectedSdkError(new RangeError('odd'), 'odd', context);
    expect(error.kind).toBe('unknown');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('acme: unexpected SDK error: odd');
    expect(error.provider).toBe('acme');
  });
});
