import type { ProviderStreamPart } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { fromChatCompletion } from './chat-completion-response.js';
import { ChatCompletionsStream } from './chat-completions-stream.js';
import { mapChatCompletionsUsage } from './chat-completions-usage.js';

// What servers beside OpenAI send, at the level of the mapping (the SDK-level tests are in the
// openai and groq adapters): reasoning fields, refusals in deltas, empty opening ids, and the two
// conventions for reasoning tokens.

const context = { provider: 'compat', model: 'm' };
const choice = (delta: Record<string, unknown>, finish: string | null = null, id = 'r1') => ({
  id,
  model: id === '' ? '' : 'm-2025',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const feed = (stream: ChatCompletionsStream, chunks: unknown[]): ProviderStreamPart[] =>
  chunks.flatMap((chunk) => stream.push(chunk));

describe('reasoning, refusals and opening chunks', () => {
  it('reads `reasoning` as well as `reasoning_content`, in deltas and in answers', () => {
    const stream = new ChatCompletionsStream(context);
    expect(feed(stream, [choice({ reasoning: 'a' }), choice({ reasoning_content: 'b' })])).toEqual([
      { type: 'reasoning-delta', text: 'a' },
      { type: 'reasoning-delta', text: 'b' },
    ]);
    const answer = fromChatCompletion(
      {
        id: 'r1',
        choices: [{ message: { content: 'x', reasoning: 'why' }, finish_reason: 'stop' }],
      },
      context,
    );
    expect(answer.reasoning).toBe('why');
  });

  it('ends a refusal-only stream as content-filter with the refusal as text; text wins over it', () => {
    const refused = new ChatCompletionsStream(context);
    const parts = feed(refused, [choice({ refusal: 'No.' }), choice({}, 'stop')]);
    expect(parts).toEqual([{ type: 'text-delta', text: 'No.' }]);
    expect(refused.finish()).toMatchObject({
      finishReason: 'content-filter',
      rawFinishReason: 'refusal',
    });
    const answered = new ChatCompletionsStream(context);
    feed(answered, [choice({ content: 'Yes.' }), choice({}, 'stop')]);
    expect(answered.finish()).toMatchObject({ finishReason: 'stop', rawFinishReason: 'stop' });
  });

  it('lets no empty id or model string win over the real ones', () => {
    const stream = new ChatCompletionsStream(context);
    feed(stream, [
      { id: '', model: '', choices: [], prompt_filter_results: [] },
      choice({ content: 'Hi' }),
      choice({}, 'stop'),
    ]);
    expect(stream.finish()).toMatchObject({ id: 'r1', model: 'm-2025' });
  });

  it('adds reasoning tokens to the output only under the separate convention', () => {
    const usage = {
      prompt_tokens: 1,
      completion_tokens: 1,
      total_tokens: 12,
      completion_tokens_details: { reasoning_tokens: 10 },
    };
    expect(mapChatCompletionsUsage(usage)).toMatchObject({ outputTokens: 1, reasoningTokens: 10 });
    expect(mapChatCompletionsUsage(usage, 'separate')).toEqual({
      inputTokens: 1,
      outputTokens: 11,
      totalTokens: 12,
      reasoningTokens: 10,
    });
  });
});
