import { describe, expect, it } from 'vitest';
import { fromChatCompletion } from './chat-completion-response.js';
import { toChatCompletionsBody } from './chat-completions-body.js';
import { mapChatCompletionsError } from './chat-completions-errors.js';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';

// Pure mapping cases the SDK-level tests in the adapters do not reach.

const context = { provider: 'compat', model: 'm' };

describe('toChatCompletionsBody', () => {
  it('leaves out what the request does not set, and tool choice without tools', () => {
    expect(
      toChatCompletionsBody(
        {
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
          toolChoice: 'required',
          stop: [],
        },
        { stream: false },
      ),
    ).toEqual({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
  });

  it('uses max_tokens unless the dialect says otherwise, and stream options only when asked', () => {
    const request = {
      model: 'm',
      messages: [{ role: 'user' as const, content: 'x' }],
      maxTokens: 5,
    };
    expect(toChatCompletionsBody(request, { stream: true })).toMatchObject({
      max_tokens: 5,
      stream: true,
    });
    expect(toChatCompletionsBody(request, { stream: true })).not.toHaveProperty('stream_options');
    expect(
      toChatCompletionsBody(request, {
        stream: true,
        dialect: { maxTokensField: 'max_completion_tokens', streamUsageOption: true },
      }),
    ).toMatchObject({ max_completion_tokens: 5, stream_options: { include_usage: true } });
  });

  it('refuses tool-call arguments that cannot be sent as JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() =>
      toChatCompletionsBody(
        {
          model: 'm',
          messages: [{ role: 'assistant', toolCalls: [{ id: 'c', name: 'f', arguments: cyclic }] }],
        },
        { stream: false },
      ),
    ).toThrow(expect.objectContaining({ kind: 'invalid-request', code: 'invalid_tool_arguments' }));
  });
});

describe('fromChatCompletion', () => {
  it.each([
    ['a string', 'hello'],
    ['no choices', { choices: [] }],
    ['a choice without a message', { choices: [{ index: 0 }] }],
  ])('refuses %s as an invalid response', (_what, body) => {
    expect(() => fromChatCompletion(body, context)).toThrow(
      expect.objectContaining({ kind: 'invalid-response', retryable: true }),
    );
  });

  it('refuses a tool call without a function name', () => {
    expect(() =>
      fromChatCompletion(
        { choices: [{ message: { tool_calls: [{ id: 'c', function: { arguments: '{}' } }] } }] },
        context,
      ),
    ).toThrow('tool call 0 has no function name');
  });

  it('reads reasoning and cached tokens, and survives a missing usage', () => {
    const answer = fromChatCompletion(
      {
        choices: [{ message: { content: 'x' }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: 10,
          completion_tokens: 5,
          prompt_tokens_details: { cached_tokens: 6 },
          completion_tokens_details: { reasoning_tokens: 3 },
        },
      },
      context,
    );
    expect(answer.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      cachedInputTokens: 6,
      reasoningTokens: 3,
    });
    expect(fromChatCompletion({ choices: [{ message: {} }] }, context).usage.totalTokens).toBe(0);
  });
});

describe('mapChatCompletionsFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['eos', 'other'],
    [null, 'other'],
  ])('maps %s to %s', (raw, mapped) => {
    expect(mapChatCompletionsFinishReason(raw)).toBe(mapped);
  });
});

describe('mapChatCompletionsError', () => {
  // Stand-ins named like the Stainless SDK classes: the mapper goes by name and shape, so a
  // client from another copy of the SDK maps the same way.
  class APIConnectionTimeoutError extends Error {}
  class APIConnectionError extends Error {}
  class APIUserAbortError extends Error {}

  it('maps the SDK connection classes by name', () => {
    expect(mapChatCompletionsError(new APIConnectionTimeoutError('t'), context)).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(mapChatCompletionsError(new APIConnectionError('c'), context)).toMatchObject({
      kind: 'connection',
    });
    expect(mapChatCompletionsError(new APIUserAbortError('a'), context)).toMatchObject({
      kind: 'abort',
      retryable: false,
    });
  });

  it('calls anything thrown after the signal aborted an abort', () => {
    const error = mapChatCompletionsError(new Error('whatever'), {
      ...context,
      signal: AbortSignal.abort(new Error('caller gave up')),
    });
    expect(error).toMatchObject({ kind: 'abort', provider: 'compat' });
    expect(error.message).toContain('caller gave up');
  });

  it('maps a broken socket, bad JSON, and anything else', () => {
    const terminated = Object.assign(new TypeError('terminated'), {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(mapChatCompletionsError(terminated, context).kind).toBe('connection');
    expect(mapChatCompletionsError(new SyntaxError('Unexpected token'), context)).toMatchObject({
      kind: 'invalid-response',
      code: 'invalid_json',
    });
    expect(mapChatCompletionsError(new RangeError('odd'), context)).toMatchObject({
      kind: 'unknown',
      retryable: true,
      message: 'compat: unexpected SDK error: odd',
    });
  });

  it('reads a body whose message is not a string, and falls back to the SDK message', () => {
    const withObject = Object.assign(new Error('400 ...'), {
      status: 400,
      headers: new Headers(),
      error: { message: { detail: 'bad' } },
    });
    expect(mapChatCompletionsError(withObject, context).message).toBe(
      'compat 400: {"detail":"bad"}',
    );
    const noBody = Object.assign(new Error('502 status code (no body)'), {
      status: 502,
      headers: new Headers(),
      error: undefined,
    });
    expect(mapChatCompletionsError(noBody, context)).toMatchObject({
      kind: 'server',
      message: 'compat 502: status code (no body)',
    });
  });
});
