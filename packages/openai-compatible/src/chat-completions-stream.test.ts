import type { ProviderStreamPart } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { ChatCompletionsStream } from './chat-completions-stream.js';

// Edge cases of stream assembly that the SDK-level tests (in the adapters) do not reach: deltas
// as other OpenAI-compatible servers send them.

const context = { provider: 'compat', model: 'm' };
const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'r1',
  model: 'm-2025',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

function feed(stream: ChatCompletionsStream, chunks: unknown[]): ProviderStreamPart[] {
  return chunks.flatMap((chunk) => stream.push(chunk));
}

describe('ChatCompletionsStream', () => {
  it('assembles interleaved parallel tool calls by index and emits them at the finish', () => {
    const stream = new ChatCompletionsStream(context);
    const parts = feed(stream, [
      choice({ tool_calls: [{ index: 1, id: 'b', function: { name: 'two', arguments: '{"y"' } }] }),
      choice({
        tool_calls: [{ index: 0, id: 'a', function: { name: 'one', arguments: '{"x":' } }],
      }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      choice({ tool_calls: [{ index: 1, function: { arguments: ':2}' } }] }),
    ]);
    expect(parts).toEqual([]);
    const finished = stream.push(choice({}, 'tool_calls'));
    expect(finished).toEqual([
      { type: 'tool-call', toolCall: { id: 'a', name: 'one', arguments: { x: 1 } } },
      { type: 'tool-call', toolCall: { id: 'b', name: 'two', arguments: { y: 2 } } },
    ]);
    expect(stream.finish()).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      rawFinishReason: 'tool_calls',
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      model: 'm-2025',
      id: 'r1',
    });
  });

  it('takes a whole tool call in the finish chunk, and synthesises a missing id', () => {
    const stream = new ChatCompletionsStream(context);
    const parts = stream.push(
      choice(
        { tool_calls: [{ function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        'tool_calls',
      ),
    );
    expect(parts).toHaveLength(1);
    const call = parts[0]?.type === 'tool-call' ? parts[0].toolCall : undefined;
    expect(call).toMatchObject({ name: 'lookup', arguments: { q: 'x' } });
    expect(call?.id).toMatch(/^call_[0-9a-f]{8}_0$/);
  });

  it('ignores content after the finish and reads usage from a later chunk', () => {
    const stream = new ChatCompletionsStream(context, { requireStreamUsage: true });
    const parts = feed(stream, [
      choice({ content: 'Hi' }, 'stop'),
      choice({ content: 'ignored' }),
      { id: 'r1', choices: [], usage: { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 } },
    ]);
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hi' }]);
    expect(stream.finish()).toMatchObject({
      usage: { inputTokens: 4, outputTokens: 1, totalTokens: 5 },
    });
  });

  it('reads usage where the dialect says, and requires it when told', () => {
    const stream = new ChatCompletionsStream(context, {
      streamUsage: (chunk) => (chunk.x as { usage?: unknown } | undefined)?.usage,
      requireStreamUsage: true,
    });
    stream.push(choice({ content: 'a' }, 'length'));
    expect(() => stream.finish()).toThrow('the stream ended before its usage report (truncated)');
    stream.push({ x: { usage: { prompt_tokens: 1, completion_tokens: 2 } } });
    expect(stream.finish()).toMatchObject({
      finishReason: 'length',
      usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
    });
  });

  it('throws a truncation error when no finish reason came', () => {
    const stream = new ChatCompletionsStream(context);
    stream.push(choice({ content: 'partial' }));
    let error: unknown;
    try {
      stream.finish();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      kind: 'connection',
      retryable: true,
      code: 'stream_truncated',
      message: 'compat: the stream ended before its finish reason (truncated).',
    });
  });

  it('raises error chunks and malformed chunks as typed errors', () => {
    const stream = new ChatCompletionsStream(context, {
      streamChunkError: (chunk) => (typeof chunk.oops === 'string' ? chunk.oops : undefined),
    });
    expect(() => stream.push({ oops: 'vendor stopped' })).toThrow(
      expect.objectContaining({
        kind: 'server',
        message: 'compat: the stream failed: vendor stopped',
      }),
    );
    expect(() => stream.push({ error: { message: 'busy', code: 'rate_limit_exceeded' } })).toThrow(
      expect.objectContaining({ kind: 'rate-limit', code: 'rate_limit_exceeded' }),
    );
    expect(() => stream.push('nope')).toThrow(
      expect.objectContaining({ kind: 'invalid-response' }),
    );
    expect(() =>
      new ChatCompletionsStream(context).push(
        choice({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }, 'tool_calls'),
      ),
    ).toThrow('streamed tool call 0 has no function name');
  });
});
