import { createHmac } from 'node:crypto';

// Signatures the fakes issue on reasoning state (Anthropic's thinking blocks, Gemini's
// thoughtSignature) and check when a client sends that state back, as the vendors do: a
// signature is bound to the content it was issued for, so a dropped, altered or made-up
// signature is refused. Real signatures are opaque encrypted blobs; these are HMACs under a key
// only the fakes know.

const KEY = 'switchyard-fake-signing-key';

/** The signature a fake issues for `content` of `vendor`. */
export function fakeSignature(vendor: string, content: string): string {
  return createHmac('sha256', `${KEY}:${vendor}`).update(content).digest('base64');
}

/** Whether `signature` is the one a fake issued for `content`. */
export function isFakeSignature(vendor: string, content: string, signature: unknown): boolean {
  return typeof signature === 'string' && signature === fakeSignature(vendor, content);
}
