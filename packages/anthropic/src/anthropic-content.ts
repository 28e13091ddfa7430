import { type ContentPart, imageSource } from '@switchyard/core';

type Block = Record<string, unknown> & { readonly type: string };

/**
 * A user message's content as Anthropic content blocks: text blocks, and image blocks whose
 * source is base64 bytes (`data:` URLs opened) or a URL Anthropic fetches itself.
 */
export function toUserBlocks(content: string | readonly ContentPart[]): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): Block => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    const source = imageSource(part);
    return source.kind === 'data'
      ? {
          type: 'image',
          source: { type: 'base64', media_type: source.mediaType, data: source.data },
        }
      : { type: 'image', source: { type: 'url', url: source.url } };
  });
}
