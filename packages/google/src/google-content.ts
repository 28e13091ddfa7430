import { type ContentPart, InvalidRequestError, imageSource } from '@switchyard/core';

/**
 * A user message's content as Gemini parts: `text`, `inlineData` for base64 bytes (`data:` URLs
 * opened), `fileData` for a URL (Gemini requires its MIME type, so a URL needs `mediaType`).
 *
 * @throws InvalidRequestError `image_media_type` for an image URL without `mediaType`.
 */
export function toUserParts(
  content: string | readonly ContentPart[],
  provider: string,
  model: string,
  index: number,
): Record<string, unknown>[] {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part, j) => {
    if (part.type === 'text') return { text: part.text };
    const source = imageSource(part);
    if (source.kind === 'data')
      return { inlineData: { mimeType: source.mediaType, data: source.data } };
    if (source.mediaType === undefined) {
      throw new InvalidRequestError(
        `${provider}: messages[${index}].content[${j}]: Gemini needs the MIME type of an image URL; give the part a mediaType.`,
        { provider, model, code: 'image_media_type' },
      );
    }
    return { fileData: { mimeType: source.mediaType, fileUri: source.url } };
  });
}
