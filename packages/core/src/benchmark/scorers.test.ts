import { createMockProvider } from '@switchyard/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createRouter } from '../router/router.js';
import type { Scorer, ScorerContext, ScorerVerdict } from './scorer.js';
import {
  customScorer,
  exactAnswerScorer,
  jsonSchemaScorer,
  keywordsScorer,
  llmJudgeScorer,
  minLengthScorer,
  normalizeAnswer,
  regexScorer,
} from './scorers.js';

const context: ScorerContext = {
  category: 'math',
  testId: 't',
  messages: [{ role: 'user', content: 'What is 6 × 7?' }],
  model: 'mock:m',
  signal: new AbortController().signal,
};

async function quality(scorer: Scorer, answer: string): Promise<number> {
  const raw = await scorer.score(answer, context);
  return typeof raw === 'number' ? raw : raw.quality;
}

async function verdict(scorer: Scorer, answer: string): Promise<ScorerVerdict> {
  const raw = await scorer.score(answer, context);
  return typeof raw === 'number' ? { quality: raw } : raw;
}

describe('keywordsScorer', () => {
  it('gives each found keyword its share of 100 and names the missing ones', async () => {
    const scorer = keywordsScorer(['divide', 'merge', 'n log n', 'stable']);
    expect(await verdict(scorer, 'Divide the list, then MERGE the halves.')).toEqual({
      quality: 50,
      note: 'missing n log n, stable',
    });
    expect(await quality(scorer, 'divide, merge: n log n and stable')).toBe(100);
  });

  it('matches at the start of a word: inflections count, inner matches do not', async () => {
    expect(await quality(keywordsScorer(['def']), 'undefined behaviour')).toBe(0);
    expect(await quality(keywordsScorer(['divide', 'price']), 'It divides; prices rise.')).toBe(
      100,
    );
  });

  it('in any mode, scores 100 for one keyword and 0 for none', async () => {
    const scorer = keywordsScorer(['sorry', 'understand'], { mode: 'any' });
    expect(await quality(scorer, 'I understand.')).toBe(100);
    expect(await quality(scorer, 'Try harder.')).toBe(0);
  });
});

describe('regexScorer', () => {
  it('scores a match 100 every time, even for a global regex', async () => {
    const scorer = regexScorer(/O\(1\)/g);
    expect(await quality(scorer, 'O(1)')).toBe(100);
    expect(await quality(scorer, 'O(1)')).toBe(100);
    expect(await quality(scorer, 'O(n)')).toBe(0);
  });
});

describe('exactAnswerScorer', () => {
  it('compares normalised answers: case, bold, full stop, number formatting', async () => {
    expect(normalizeAnswer('  **1,000.50.** ')).toBe('1000.5');
    expect(await quality(exactAnswerScorer(42), '**42.**')).toBe(100);
    expect(await quality(exactAnswerScorer('Canberra'), 'canberra')).toBe(100);
    expect(await quality(exactAnswerScorer("She doesn't"), 'She doesn’t.')).toBe(100);
    expect(await verdict(exactAnswerScorer(42), 'The answer is 42')).toMatchObject({ quality: 0 });
  });
});

describe('minLengthScorer', () => {
  it('scores short answers in proportion', async () => {
    expect(await quality(minLengthScorer(10), '12345')).toBe(50);
    expect(await quality(minLengthScorer(10), '1234567890 more')).toBe(100);
    expect(() => minLengthScorer(0)).toThrow(TypeError);
  });
});

describe('jsonSchemaScorer', () => {
  const scorer = jsonSchemaScorer(z.object({ capital: z.string(), population: z.number() }));

  it('accepts JSON the schema accepts, even fenced in prose', async () => {
    expect(
      await quality(scorer, 'Here:\n```json\n{"capital":"Tokyo","population":14000000}\n```'),
    ).toBe(100);
  });

  it('scores 0 with the first issue when the schema rejects it, or when there is no JSON', async () => {
    expect(await verdict(scorer, '{"capital":"Tokyo","population":"many"}')).toMatchObject({
      quality: 0,
      note: expect.stringContaining('population'),
    });
    expect(await verdict(scorer, 'Tokyo, about 14 million')).toMatchObject({ quality: 0 });
  });
});

describe('customScorer', () => {
  it('runs the host function, sync or async', async () => {
    expect(
      await quality(
        customScorer('len', (a) => a.length),
        'abc',
      ),
    ).toBe(3);
    expect(
      await quality(
        customScorer('async', async () => 70),
        'x',
      ),
    ).toBe(70);
  });
});

describe('llmJudgeScorer', () => {
  it('asks the judge through the router with the rubric, and scales 0–10 to 0–100 with its cost', async () => {
    const judge = createMockProvider({
      id: 'judge',
      rules: [{ reply: { text: 'Score: 8', usage: { inputTokens: 1_000_000, outputTokens: 0 } } }],
    });
    const router = createRouter({
      providers: [judge],
      models: { fast: 'judge:grader' },
      prices: { 'judge:grader': { inputPerMTok: 0.5, outputPerMTok: 1 } },
    });
    const scorer = llmJudgeScorer({ router, rubric: 'Correct product of 6 and 7.' });
    expect(scorer.costsCalls).toBe(true);
    expect(await verdict(scorer, '42')).toEqual({ quality: 80, costUsd: 0.5 });
    const sent = judge.calls[0]?.request.messages.at(-1)?.content ?? '';
    expect(sent).toContain('Correct product of 6 and 7.');
    expect(sent).toContain('What is 6 × 7?');
    expect(sent).toContain('42');
    await router.close();
  });

  it('throws when the judge answers without a score', async () => {
    const judge = createMockProvider({ id: 'judge', rules: [{ reply: 'Looks fine to me.' }] });
    const router = createRouter({ providers: [judge], models: { fast: 'judge:grader' } });
    await expect(llmJudgeScorer({ router, rubric: 'r' }).score('42', context)).rejects.toThrow(
      /no score/,
    );
    await router.close();
  });
});
