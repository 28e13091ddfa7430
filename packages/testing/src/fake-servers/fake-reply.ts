import type { Message } from '@switchyard/core';
import type { FakeChatRequest } from './fake-request.js';
import type { FakeReply } from './fake-script.js';
import type { Chunking, FakeVendor, ResolvedReply, ResolvedToolCall } from './fake-vendor.js';

const DEFAULT_ARGUMENTS_CHUNK = 12;

/** Fills in a scripted reply's defaults for the `n`th request (from 1). */
export function resolveReply(
  reply: FakeReply,
  chat: FakeChatRequest,
  n: number,
  vendor: FakeVendor,
): ResolvedReply {
  const spec = typeof reply === 'string' ? { text: reply } : reply;
  const toolCalls: ResolvedToolCall[] = (spec.toolCalls ?? []).map((call, index) => {
    const argumentsText =
      typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    return {
      id: call.id ?? vendor.ids.toolCall(n, index),
      name: call.name,
      argumentsText,
      argumentsValue:
        typeof call.arguments === 'string' ? parseObject(call.arguments) : call.arguments,
    };
  });
  const text = spec.text ?? (toolCalls.length > 0 ? '' : 'ok');
  const inputChars = chat.messages.reduce(
    (sum, message) => sum + contentLength(message),
    chat.system?.length ?? 0,
  );
  const outputChars = toolCalls.reduce((sum, call) => sum + call.argumentsText.length, text.length);
  return {
    id: spec.id ?? vendor.ids.response(n),
    model: spec.model ?? chat.model ?? 'fake-model',
    text,
    reasoning: spec.reasoning,
    toolCalls,
    finishReason: spec.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
    usage: {
      inputTokens: spec.usage?.inputTokens ?? Math.max(1, Math.ceil(inputChars / 4)),
      outputTokens: spec.usage?.outputTokens ?? Math.max(1, Math.ceil(outputChars / 4)),
      cachedInputTokens: spec.usage?.cachedInputTokens,
      cacheWriteInputTokens: spec.usage?.cacheWriteInputTokens,
      reasoningTokens: spec.usage?.reasoningTokens,
    },
    created: 1_700_000_000 + n,
  };
}

/** The chunking of a stream script, with defaults. */
export function chunkingOf(options: { readonly chunkSize?: number | undefined }): Chunking {
  const size =
    options.chunkSize !== undefined && options.chunkSize > 0 ? options.chunkSize : undefined;
  return { textChunkSize: size, argumentsChunkSize: size ?? DEFAULT_ARGUMENTS_CHUNK };
}

/** Cuts text into deltas: `size` characters each, or one word (with its spaces) each. */
export function chunkText(text: string, size: number | undefined): string[] {
  if (text === '') return [];
  if (size === undefined) return text.match(/\s*\S+\s*/g) ?? [text];
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

function contentLength(message: Message): number {
  if (message.role === 'assistant') {
    return (
      (message.content?.length ?? 0) +
      (message.toolCalls ?? []).reduce((n, c) => n + JSON.stringify(c.arguments).length, 0)
    );
  }
  return message.content.length;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
