import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { InvalidRequestError } from '../errors/provider-errors.js';
import { createRouter, type Router } from '../router/router.js';
import { createFeedbackRecorder } from './feedback-recorder.js';
import { createMemoryOutcomeStore } from './outcome-store.js';
import { trainRouter } from './train-router.js';

let router: Router | undefined;
afterEach(async () => {
  await router?.close();
  router = undefined;
});

function setup(options: { keepPrompt?: boolean; maxPending?: number } = {}) {
  const store = createMemoryOutcomeStore();
  const recorder = createFeedbackRecorder({ store, now: () => 1_700_000_000_000, ...options });
  const mock = createMockProvider({
    id: 'mock',
    rules: [{ reply: (_req, i) => ({ text: 'Lisbon.', id: `resp_${i}` }) }],
  });
  router = createRouter({
    providers: [mock],
    models: { fast: ['mock:small'] },
    prices: { 'mock:small': { inputPerMTok: 1, outputPerMTok: 2 } },
    feedback: recorder,
  });
  return { store, router };
}

describe('router.feedback', () => {
  it('writes an outcome with the prompt, model, score, cost, latency and time', async () => {
    const { store, router } = setup();
    const answer = await router.chat({
      messages: [{ role: 'user', content: 'What is the capital of Portugal?' }],
    });
    expect(answer.id).toBe('resp_0');
    const outcome = await router.feedback('resp_0', { score: 1 });
    expect(outcome).toEqual({
      prompt: 'What is the capital of Portugal?',
      model: 'mock:small',
      score: 1,
      costUsd: answer.costUsd,
      latencyMs: answer.latencyMs,
      time: 1_700_000_000_000,
      source: 'feedback',
    });
    expect(store.list()).toEqual([outcome]);
    // Once only: a second verdict on the same answer is not another outcome.
    expect(await router.feedback('resp_0', { score: 0 })).toBeUndefined();
    expect(await router.feedback('never-seen', { score: 1 })).toBeUndefined();
  });

  it('records streamed answers too, and feeds training', async () => {
    const { store, router } = setup();
    for await (const _ of router.stream({ messages: [{ role: 'user', content: 'Prove it' }] })) {
      // drain
    }
    await router.feedback('resp_0', { score: 0, source: 'judge' });
    expect(store.list()[0]?.source).toBe('judge');
    expect(trainRouter(await store.list()).models).toEqual(['mock:small']);
  });

  it('stores features instead of the prompt when asked', async () => {
    const { store, router } = setup({ keepPrompt: false });
    await router.chat({ messages: [{ role: 'user', content: 'secret plans' }] });
    const outcome = await router.feedback('resp_0', { score: 0.5 });
    expect(outcome?.prompt).toBeUndefined();
    expect(outcome?.features?.indices.length).toBeGreaterThan(0);
    expect(JSON.stringify(store.list())).not.toContain('secret');
  });

  it('forgets the oldest answers past maxPending', async () => {
    const { router } = setup({ maxPending: 1 });
    await router.chat({ messages: [{ role: 'user', content: 'one' }] });
    await router.chat({ messages: [{ role: 'user', content: 'two' }] });
    expect(await router.feedback('resp_0', { score: 1 })).toBeUndefined();
    expect((await router.feedback('resp_1', { score: 1 }))?.prompt).toBe('two');
  });

  it('refuses a score outside 0–1, and feedback without a recorder', async () => {
    const { router: withRecorder } = setup();
    await expect(withRecorder.feedback('resp_0', { score: 2 })).rejects.toThrow(
      InvalidRequestError,
    );
    const plain = createRouter({ providers: [createMockProvider()], models: { fast: ['mock:a'] } });
    await expect(plain.feedback('x', { score: 1 })).rejects.toThrow(ConfigError);
    await plain.close();
  });
});

describe('memory outcome store', () => {
  it('keeps the newest outcomes and filters by model and time', () => {
    const store = createMemoryOutcomeStore({ maxOutcomes: 2 });
    store.add({ prompt: 'a', model: 'm1', score: 1, time: 1 });
    store.add({ prompt: 'b', model: 'm2', score: 1, time: 2 });
    store.add({ prompt: 'c', model: 'm1', score: 0, time: 3 });
    expect(store.size()).toBe(2);
    expect(store.list().map((o) => o.prompt)).toEqual(['b', 'c']);
    expect(store.list({ model: 'm1' }).map((o) => o.prompt)).toEqual(['c']);
    expect(store.list({ since: 3 })).toHaveLength(1);
    expect(() => createMemoryOutcomeStore({ maxOutcomes: 0 })).toThrow(ConfigError);
  });
});
