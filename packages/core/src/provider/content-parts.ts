import type { ContentPart, ImageMediaType, ImagePart, Message } from './messages.js';

/**
 * The text of a user message's content: the string itself, or its text parts joined by a line
 * break (images left out). For classifiers, token estimates and mocks, which read text only.
 */
export function contentText(content: string | readonly ContentPart[]): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) {
    if (part.type !== 'text') continue;
    text = text === '' ? part.text : `${text}\n${part.text}`;
  }
  return text;
}

/** How many image parts the conversation's user messages carry. */
export function countImages(messages: readonly Message[]): number {
  let images = 0;
  for (const message of messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) if (part.type === 'image') images += 1;
  }
  return images;
}

/** An image part resolved for an adapter: base64 bytes with their type, or a URL to fetch. */
export type ImageSource =
  | { readonly kind: 'data'; readonly mediaType: ImageMediaType; readonly data: string }
  | { readonly kind: 'url'; readonly url: string; readonly mediaType: ImageMediaType | undefined };

const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,(.*)$/s;

/**
 * Where an image part's bytes are: a `data:` URL is opened into its media type and base64 data,
 * for vendors that take bytes but no `data:` URL (Anthropic, Gemini).
 */
export function imageSource(part: ImagePart): ImageSource {
  if ('data' in part) return { kind: 'data', mediaType: part.mediaType, data: part.data };
  const inline = DATA_URL.exec(part.url);
  if (inline !== null)
    return { kind: 'data', mediaType: inline[1] as ImageMediaType, data: inline[2] as string };
  return { kind: 'url', url: part.url, mediaType: part.mediaType };
}
