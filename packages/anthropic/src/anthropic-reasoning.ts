import type { ProviderContinuation, ProviderMetadata } from '@switchyard/core';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The vendor name of Anthropic's continuation state and metadata. */
export const ANTHROPIC_VENDOR = 'anthropic';

/**
 * The `data` of an Anthropic continuation: the thinking blocks of an assistant turn, signatures
 * included, as Claude wrote them. The adapter sends them back first in that turn, before its text
 * and `tool_use` blocks, as Claude requires with extended thinking on.
 */
export interface AnthropicContinuationData {
  readonly blocks: readonly (
    | { readonly type: 'thinking'; readonly thinking: string; readonly signature: string }
    | { readonly type: 'redacted_thinking'; readonly data: string }
  )[];
}

/**
 * What the Anthropic adapter puts under `providerMetadata.anthropic`, each only when the answer
 * has some: the citations of its text blocks and its server-tool blocks, as Anthropic sent them.
 */
export interface AnthropicProviderMetadata {
  /**
   * Citations of the answer's text (`web_search_result_location`, `char_location`,
   * `page_location`, `content_block_location`, `search_result_location`), in text order.
   */
  readonly citations?: readonly Readonly<Record<string, unknown>>[];
  /**
   * Server-tool blocks in answer order: the `server_tool_use` calls Claude made (web search, web
   * fetch, code execution) and their results (`web_search_tool_result`, `web_fetch_tool_result`,
   * `code_execution_tool_result`, ...), whole.
   */
  readonly serverTools?: readonly Readonly<Record<string, unknown>>[];
}

/** Collects reasoning, continuation state and metadata from an answer's content blocks. */
export class AnthropicExtras {
  reasoning = '';
  private readonly thinking: AnthropicContinuationData['blocks'][number][] = [];
  private readonly citations: Json[] = [];
  private readonly serverTools: Json[] = [];

  /** Takes a whole content block (complete answers, and blocks a stream has finished). */
  add(block: Json): void {
    switch (block.type) {
      case 'thinking':
        if (typeof block.thinking === 'string') {
          this.reasoning += block.thinking;
          this.thinking.push({
            type: 'thinking',
            thinking: block.thinking,
            signature: typeof block.signature === 'string' ? block.signature : '',
          });
        }
        return;
      case 'redacted_thinking':
        if (typeof block.data === 'string')
          this.thinking.push({ type: 'redacted_thinking', data: block.data });
        return;
      case 'text':
        if (Array.isArray(block.citations)) this.addCitations(block.citations);
        return;
      default:
        if (block.type === 'server_tool_use' || String(block.type).endsWith('_tool_result'))
          this.serverTools.push(block);
    }
  }

  addCitations(citations: readonly unknown[]): void {
    for (const citation of citations) if (isObject(citation)) this.citations.push(citation);
  }

  /** Reasoning, continuation and metadata, each present only when the answer had some. */
  result(): {
    reasoning?: string;
    continuation?: ProviderContinuation;
    providerMetadata?: ProviderMetadata;
  } {
    const metadata: { -readonly [K in keyof AnthropicProviderMetadata]: Json[] } = {};
    if (this.citations.length > 0) metadata.citations = this.citations;
    if (this.serverTools.length > 0) metadata.serverTools = this.serverTools;
    const data: AnthropicContinuationData = { blocks: this.thinking };
    return {
      ...(this.reasoning !== '' && { reasoning: this.reasoning }),
      ...(this.thinking.length > 0 && { continuation: { vendor: ANTHROPIC_VENDOR, data } }),
      ...(Object.keys(metadata).length > 0 && {
        providerMetadata: { [ANTHROPIC_VENDOR]: metadata },
      }),
    };
  }
}

/** The thinking blocks to send back first in an assistant turn: Anthropic's own state only. */
export function thinkingBlocksOf(continuation: ProviderContinuation | undefined): Json[] {
  if (continuation?.vendor !== ANTHROPIC_VENDOR || !isObject(continuation.data)) return [];
  const blocks = continuation.data.blocks;
  return Array.isArray(blocks) ? blocks.filter(isObject).map((block) => ({ ...block })) : [];
}
