import type { ChatRequest } from '../provider/chat-request.js';
import type { ContentPart } from '../provider/messages.js';
import type { Candidate } from './candidate.js';
import { estimateTokens } from './estimate-tokens.js';

/** The capability a text-only model lacks, as unfit details name it. */
export const IMAGE_INPUT = 'image input';

/** What a request needs from a model. */
export interface Requirements {
  readonly tools: boolean;
  readonly json: boolean;
  readonly jsonSchema: boolean;
  readonly streaming: boolean;
  /** Image parts in the user messages. */
  readonly images: number;
  /** Estimated prompt tokens (`estimateTokens`: four ASCII characters a token, more by Unicode block). */
  readonly promptTokens: number;
  readonly maxTokens: number | undefined;
}

/** Estimates what a request needs. Cheap: one pass over the messages and one native serialisation of the tools. */
export function requirementsOf(request: ChatRequest, streaming: boolean): Requirements {
  let tokens = 0;
  let images = 0;
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') tokens += estimateTokens(content);
    else if (message.role === 'user' && content != null) {
      for (const part of message.content as readonly ContentPart[]) {
        if (part.type === 'text') tokens += estimateTokens(part.text);
        else images += 1;
      }
    }
    if (message.role === 'assistant' && message.toolCalls !== undefined)
      tokens += 25 * message.toolCalls.length;
  }
  const tools = request.tools;
  // Measured on every request, never remembered per list: a host may change a tool list in place.
  if (tools !== undefined && tools.length > 0) tokens += estimateTokens(JSON.stringify(tools));
  const format = request.responseFormat;
  // An image costs vendors from about 85 tokens (OpenAI low detail) to about 1 600 (Anthropic,
  // 1.15 megapixels at width x height / 750); 1 000 is a middle estimate for the window check.
  tokens += images * 1_000;
  return {
    images,
    tools: tools !== undefined && tools.length > 0 && request.toolChoice !== 'none',
    json: format?.type === 'json' && format.schema === undefined,
    jsonSchema: format?.type === 'json' && format.schema !== undefined,
    streaming,
    promptTokens: Math.ceil(tokens),
    maxTokens: request.maxTokens,
  };
}

/**
 * Why a candidate cannot take the request (`capability` or `context-window`, with details), or
 * `undefined` when it can. A model nobody described is assumed able.
 */
export function unfitReason(
  candidate: Candidate,
  needs: Requirements,
): { reason: string; detail: string } | undefined {
  const info = candidate.info;
  if (info === undefined) return undefined;
  const caps = info.capabilities;
  const missing =
    needs.tools && !caps.tools
      ? 'tools'
      : needs.jsonSchema && !caps.jsonSchema
        ? 'JSON schema output'
        : needs.json && !caps.json
          ? 'JSON output'
          : needs.streaming && !caps.streaming
            ? 'streaming'
            : needs.images > 0 && caps.vision === false
              ? IMAGE_INPUT
              : undefined;
  if (missing !== undefined)
    return { reason: 'capability', detail: `${candidate.ref} lacks ${missing}` };
  const wanted = needs.promptTokens + (needs.maxTokens ?? 0);
  if (wanted > info.contextWindow) {
    return {
      reason: 'context-window',
      detail: `${candidate.ref} holds ${info.contextWindow} tokens; the request needs about ${wanted}`,
    };
  }
  if (
    needs.maxTokens !== undefined &&
    info.maxOutputTokens !== undefined &&
    needs.maxTokens > info.maxOutputTokens
  ) {
    return {
      reason: 'max-output',
      detail: `${candidate.ref} writes at most ${info.maxOutputTokens} tokens; maxTokens is ${needs.maxTokens}`,
    };
  }
  return undefined;
}
