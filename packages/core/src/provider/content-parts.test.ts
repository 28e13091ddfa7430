import { describe, expect, it } from 'vitest';
import { cacheKey } from '../cache/cache-key.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import { requirementsOf } from '../policy/fit-candidates.js';
import { validateChatRequest } from '../router/validate-request.js';
import type { ChatRequest } from './chat-request.js';
import { contentText, countImages, imageSource } from './content-parts.js';
import type { ContentPart } from './messages.js';

const PNG = 'iVBORw0KGgo=';
const ask = (content: string | readonly ContentPart[]): ChatRequest => ({
  model: 'fast',
  messages: [{ role: 'user', content }],
});
const key = (request: ChatRequest) => cacheKey(request, '', undefined);

describe('content parts', () => {
  it('give different cache keys to requests that differ only in an image', () => {
    const a = ask([
      { type: 'text', text: 'What is it?' },
      { type: 'image', data: PNG, mediaType: 'image/png' },
    ]);
    const b = ask([
      { type: 'text', text: 'What is it?' },
      { type: 'image', data: 'iVBORw0KGgp=', mediaType: 'image/png' },
    ]);
    const c = ask([
      { type: 'text', text: 'What is it?' },
      { type: 'image', data: PNG, mediaType: 'image/gif' },
    ]);
    const d = ask([
      { type: 'text', text: 'What is it?' },
      { type: 'image', url: 'https://example.com/a.png' },
    ]);
    const keys = new Set([key(a), key(b), key(c), key(d), key(ask('What is it?'))]);
    expect(keys.size).toBe(5);
    expect(key(a)).toBe(key(structuredClone(a)));
  });

  it('cannot be imitated by a text message that spells out their JSON', () => {
    const parts: ContentPart[] = [{ type: 'text', text: 'x' }];
    expect(key(ask(JSON.stringify(parts)))).not.toBe(key(ask(parts)));
  });

  it('are validated: every problem named, no image data echoed', () => {
    const check = (content: unknown) => {
      try {
        validateChatRequest(ask(content as ContentPart[]));
        return undefined;
      } catch (error) {
        expect(InvalidRequestError.isInstance(error)).toBe(true);
        return (error as Error).message;
      }
    };
    expect(
      check([
        { type: 'text', text: 'a' },
        { type: 'image', url: 'https://example.com/a.png', mediaType: 'image/png' },
        { type: 'image', url: `data:image/webp;base64,${PNG}` },
        { type: 'image', data: PNG, mediaType: 'image/jpeg' },
      ]),
    ).toBeUndefined();
    expect(check([])).toContain('messages[0].content: expected a string or a non-empty array');
    expect(check([{ type: 'text' }])).toContain('messages[0].content[0].text: expected a string');
    expect(check([{ type: 'image', url: 'x', data: PNG, mediaType: 'image/png' }])).toContain(
      'give either url or data, not both',
    );
    const secret = 'c2VjcmV0IGltYWdl data';
    const message = check([{ type: 'image', data: secret, mediaType: 'image/bmp' }]);
    expect(message).toContain('content[0].data: expected base64 text');
    expect(message).toContain('content[0].mediaType: expected image/png');
    expect(message).not.toContain(secret);
    expect(check([{ type: 'image', url: 'data:text/plain;base64,AAAA' }])).toContain(
      'content[0].url',
    );
  });

  it('count images in the requirements (the vision check and a token estimate)', () => {
    const text = requirementsOf(ask('Describe'), false);
    const one = requirementsOf(
      ask([
        { type: 'text', text: 'Describe' },
        { type: 'image', url: 'https://example.com/a.png' },
      ]),
      false,
    );
    expect(text.images).toBe(0);
    expect(one.images).toBe(1);
    expect(one.promptTokens).toBe(text.promptTokens + 1_000);
  });

  it('read as text, count and open data URLs for adapters', () => {
    const parts: ContentPart[] = [
      { type: 'text', text: 'one' },
      { type: 'image', url: `data:image/png;base64,${PNG}` },
      { type: 'text', text: 'two' },
    ];
    expect(contentText(parts)).toBe('one\ntwo');
    expect(contentText('plain')).toBe('plain');
    expect(
      countImages([
        { role: 'user', content: parts },
        { role: 'system', content: 'x' },
      ]),
    ).toBe(1);
    expect(imageSource({ type: 'image', url: `data:image/png;base64,${PNG}` })).toEqual({
      kind: 'data',
      mediaType: 'image/png',
      data: PNG,
    });
    expect(
      imageSource({ type: 'image', url: 'https://e.com/a.gif', mediaType: 'image/gif' }),
    ).toEqual({
      kind: 'url',
      url: 'https://e.com/a.gif',
      mediaType: 'image/gif',
    });
  });
});
