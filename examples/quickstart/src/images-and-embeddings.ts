import { createRouter, type Provider } from '@switchyard/core';
import { createGoogle } from '@switchyard/google';
import { createOpenAI } from '@switchyard/openai';
import { startFakeGoogle, startFakeOpenAI } from '@switchyard/testing';

// Images in a user message and router.embed(), on the fake OpenAI and Gemini servers (through the
// real SDKs), or on OpenAI itself with `--real` and OPENAI_API_KEY set. The fake servers' vectors
// are hashes of the text, so their similarities mean nothing; the routing around them is real.

const real = process.argv.includes('--real') && Boolean(process.env.OPENAI_API_KEY);
const openaiServer = real ? undefined : await startFakeOpenAI();
const googleServer = real ? undefined : await startFakeGoogle();
const providers: Provider[] = [
  openaiServer === undefined
    ? createOpenAI({ apiKey: process.env.OPENAI_API_KEY })
    : createOpenAI({ apiKey: openaiServer.apiKey, baseURL: openaiServer.baseURL }),
];
if (googleServer !== undefined)
  providers.push(createGoogle({ apiKey: googleServer.apiKey, baseURL: googleServer.baseURL }));

const router = createRouter({
  providers,
  models: {
    // gpt-3.5-turbo takes no images: an image request skips it.
    vision: ['openai:gpt-3.5-turbo', 'openai:gpt-4o-mini'],
    vectors: real
      ? ['openai:text-embedding-3-small']
      : ['openai:text-embedding-3-small', 'google:gemini-embedding-001'],
  },
  retry: { maxRetries: 0 },
  cache: {},
});

// A 1x1 red PNG.
const PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
openaiServer?.reply('A single red pixel.');
const seen = await router.chat({
  model: 'vision',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this image? One sentence.' },
        { type: 'image', data: PIXEL, mediaType: 'image/png' },
      ],
    },
  ],
});
console.log(`image: ${seen.text} (${seen.provider}:${seen.model})`);
for (const a of seen.route.attempts)
  console.log(`  ${a.provider}:${a.model} ${a.outcome}${a.skipReason ? ` (${a.skipReason})` : ''}`);

const faq = ['How do I reset my password?', 'Where is my invoice?', 'Can I change my plan?'];
const cosine = (a: readonly number[], b: readonly number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
};

// The first vendor fails once: the alias falls back to Gemini.
openaiServer?.fail(503);
const docs = await router.embed({ model: 'vectors', input: faq });
console.log(
  `embedded ${docs.embeddings.length} texts, ${docs.embeddings[0]?.length} numbers each, by ${docs.provider}:${docs.model}`,
);
console.log(`  route: ${docs.route.attempts.map((a) => `${a.model} ${a.outcome}`).join(', ')}`);
const question = 'I forgot my password';
const asked = await router.embed({ model: 'openai:text-embedding-3-small', input: question });
const again = await router.embed({ model: 'openai:text-embedding-3-small', input: question });
const vector = asked.embeddings[0] ?? [];
const best = faq
  .map((text, i) => ({ text, score: cosine(vector, docs.embeddings[i] ?? []) }))
  .sort((x, y) => y.score - x.score)[0];
console.log(`closest to "${question}": ${best?.text}`);
console.log(
  `cost: $${(asked.costUsd ?? 0).toFixed(8)} for ${asked.usage.inputTokens} tokens; again: cached ${again.cached}, $${again.costUsd}`,
);

await router.close();
await openaiServer?.close();
await googleServer?.close();
