import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../provider/chat-request.js';
import type { Message } from '../provider/messages.js';
import type { Classification } from './classification.js';
import { ClassifierRunner } from './classifier-runner.js';
import { createRuleClassifier } from './rule-classifier.js';

const classifier = createRuleClassifier();
const classify = (text: string, history: Message[] = []) =>
  classifier.classify({
    text,
    messages: [...history, { role: 'user', content: text }],
    request: { messages: [] },
  });

describe('rule classifier: categories and intents', () => {
  it.each([
    [
      'My Python function throws a TypeError when I call it with None, how do I debug it?',
      'coding',
      'debugging',
    ],
    ['Write a function in TypeScript that reverses a linked list', 'coding', 'code-generation'],
    ['Solve the equation 2x + 5 = 15 and show the derivative of x^2', 'math', undefined],
    ['What is 17 * 23?', 'math', undefined],
    [
      'Compare the economic policy trends of the 1990s, citing sources and evidence',
      'research',
      undefined,
    ],
    ['Can you summarize the key points of this report?', 'research', 'summarization'],
    ['Translate "good morning, my friend" in French please', 'language', 'translation'],
    ['Please proofread this sentence and fix the grammar and punctuation', 'language', undefined],
    ["I feel so overwhelmed and anxious since I lost my job, I can't cope", 'empathy', 'support'],
    ['Hello there!', 'general', 'greeting'],
    ['Tell me about your favourite colour', 'general', undefined],
  ])('%s → %s', (text, category, intent) => {
    const c = classify(text);
    expect([c.category, c.intent]).toEqual([category, intent]);
    expect(c.source).toBe('rules');
  });

  it('grows confidence with agreeing evidence and lowers it for a close runner-up', () => {
    expect(classify('Tell me about your favourite colour').confidence).toBe(0.25);
    const one = classify('Explain recursion');
    const many = classify(
      'Explain recursion in Python with a code example and a unit test for the function',
    );
    const mixed = classify('Use Python to calculate the probability of this equation');
    expect(one.confidence).toBeCloseTo(0.5);
    expect(many.confidence).toBeGreaterThan(one.confidence);
    expect(mixed.confidence).toBeLessThan(many.confidence);
  });

  it('counts each rule once however often it matches', () => {
    const once = classify('python');
    const repeated = classify('python python python python python');
    expect(repeated.confidence).toBe(once.confidence);
  });

  it('matches phrases across any whitespace and ignores case', () => {
    expect(classify('Explain it STEP   BY\nSTEP please, in detail').complexity).toBe('complex');
  });
});

describe("rule classifier: the seeds' own examples", () => {
  // Seed 004's walkthrough: a coding conversation, a switch to math, an upset user, a hard plan.
  it.each([
    ['Explain quicksort', 'coding'],
    ['Now explain mergesort', 'coding'],
    ['Solve 2x+5=15', 'math'],
    ["I'm so frustrated with this!", 'empathy'],
  ])('%s → %s', (text, category) => {
    expect(classify(text).category).toBe(category);
  });

  it('reads a budgeted multi-week plan as complex', () => {
    const c = classify('Plan a 2-week RV trip from San Francisco to Seattle under $2000');
    expect(c.complexity).toBe('complex');
    expect(classify('Plan a picnic').complexity).toBe('simple');
  });
});

describe('rule classifier: short keywords', () => {
  it('does not read "his" as the greeting "hi"', () => {
    const c = classify('He sold his house.');
    expect(c.intent).toBeUndefined();
    expect(classify('hi').intent).toBe('greeting');
  });

  it('still matches the plural of a longer keyword', () => {
    expect(classify('Two bugs and three functions').category).toBe('coding');
  });
});

describe('rule classifier: complexity', () => {
  it.each([
    ["What's the capital of France?", 'simple'],
    ['Define entropy in one sentence.', 'simple'],
    [
      'Design a rate limiter for a multi-region API and explain the trade-offs step by step.',
      'complex',
    ],
    ['Here is my code:\n```ts\nconst x = await fetch(url);\n```\nWhy does it hang?', 'complex'],
    ['Why? How? When? Where does it go and what happens next?', 'complex'],
  ])('%s → %s', (text, complexity) => {
    expect(classify(text).complexity).toBe(complexity);
  });

  it('treats long messages and deep conversations as harder', () => {
    const long = 'This is a fairly ordinary sentence about my day. '.repeat(40);
    expect(classify(long).complexity).toBe('complex');
    const medium =
      'Tell me more about the options we discussed, and which one you would pick for us. '.repeat(
        7,
      );
    expect(medium.length).toBeGreaterThan(500);
    expect(classify(medium).complexity).toBe('complex');
    const history: Message[] = Array.from({ length: 5 }, (_, i) => ({
      role: 'user',
      content: `turn ${i}`,
    }));
    const followUp = 'Could you evaluate that option?';
    expect(classify(followUp).complexity).toBe('simple');
    expect(classify(followUp, history).complexity).toBe('complex');
    expect(classify('And the next one?', history).complexity).toBe('simple');
  });
});

describe('rule classifier: host rules', () => {
  it('adds host categories, intents and complexity votes', () => {
    const pe = createRuleClassifier({
      rules: [
        {
          category: 'physical-education',
          intent: 'lesson-plan',
          keywords: ['lesson plan', 'warm-up', 'dribbling'],
          weight: 2,
        },
        { intent: 'attendance', keywords: ['attendance', 'absent'], complexity: 'simple' },
      ],
    });
    const c = pe.classify({
      text: 'Create a lesson plan for dribbling drills',
      messages: [],
      request: { messages: [] },
    });
    expect(c).toMatchObject({ category: 'physical-education', intent: 'lesson-plan' });
    const a = pe.classify({
      text: 'Who was absent today? Take attendance',
      messages: [],
      request: { messages: [] },
    });
    expect(a.intent).toBe('attendance');
  });

  it('matches non-ASCII keywords on word boundaries', () => {
    const fr = createRuleClassifier({
      builtinRules: false,
      rules: [{ category: 'météo', keywords: ['météo', 'quel temps'] }],
    });
    const input = (text: string) => ({ text, messages: [], request: { messages: [] } });
    expect(fr.classify(input('Quel temps fait-il à Dourdan ? La météo, svp')).category).toBe(
      'météo',
    );
    expect(fr.classify(input('la météorologie')).category).toBe('general');
  });

  it('supports pattern rules and can drop the built-ins', () => {
    const custom = createRuleClassifier({
      builtinRules: false,
      rules: [
        { category: 'orders', patterns: [/\border #\d{5}\b/i], intent: 'order-status' },
        { category: 'orders', patterns: [/\btracking\b/i, /\bshipped\b/i] },
      ],
    });
    const c = custom.classify({
      text: 'Where is Order #12345? Has it shipped?',
      messages: [],
      request: { messages: [] },
    });
    expect(c).toMatchObject({ category: 'orders', intent: 'order-status' });
    expect(
      custom.classify({ text: 'debug my python code', messages: [], request: { messages: [] } })
        .category,
    ).toBe('general');
  });

  it('scans the head and tail of very long messages only', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(2000);
    const c = createRuleClassifier({ maxScanChars: 1000 });
    const input = (text: string) => ({ text, messages: [], request: { messages: [] } });
    expect(c.classify(input(`${filler} translate this`)).category).toBe('language');
    expect(c.classify(input(`translate this ${filler}`)).category).toBe('language');
    expect(
      c.classify(input(`${filler.slice(0, 20000)} translate this ${filler.slice(0, 20000)}`))
        .category,
    ).toBe('general');
  });
});

describe('classifier chain', () => {
  const request = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
    messages: [{ role: 'user', content }],
    ...extra,
  });
  const host = (verdict: Partial<Classification>) => ({
    name: 'embeddings',
    calls: 0,
    classify(this: { calls: number }) {
      this.calls += 1;
      return Promise.resolve({
        intent: undefined,
        category: 'general',
        complexity: 'simple',
        confidence: 0.9,
        source: 'embeddings',
        ...verdict,
      } as Classification);
    },
  });

  it('asks the fallback classifier only when the rules are unsure', async () => {
    const fallback = host({ category: 'legal' });
    const runner = new ClassifierRunner({ fallback, fallbackBelow: 0.5 });
    expect(await runner.classify(request('Is this clause enforceable?'))).toMatchObject({
      category: 'legal',
      source: 'embeddings',
    });
    expect(await runner.classify(request('Debug my python function'))).toMatchObject({
      category: 'coding',
      source: 'rules',
    });
    expect(fallback.calls).toBe(1);
  });

  it('keeps the intent a rule found when the unsure rules ask a fallback that names none', async () => {
    const fallback = host({ category: 'education' });
    const runner = new ClassifierRunner({
      rules: [{ intent: 'attendance', keywords: ['attendance', 'absent'], complexity: 'simple' }],
      fallback,
      fallbackBelow: 0.5,
    });
    const verdict = await runner.classify(request('Who is absent today?'));
    expect(fallback.calls).toBe(1);
    expect(verdict).toMatchObject({ intent: 'attendance', category: 'education' });
    const named = new ClassifierRunner({
      rules: [{ intent: 'attendance', keywords: ['absent'] }],
      fallback: host({ intent: 'roster' }),
    });
    expect(await named.classify(request('Who is absent today?'))).toMatchObject({
      intent: 'roster',
    });
  });

  it('keeps the rules verdict when the fallback fails, and reports it', async () => {
    const errors: unknown[] = [];
    const runner = new ClassifierRunner(
      { fallback: { name: 'broken', classify: () => Promise.reject(new Error('model down')) } },
      (e) => errors.push(e),
    );
    expect(await runner.classify(request('Is this clause enforceable?'))).toMatchObject({
      source: 'rules',
      category: 'general',
    });
    expect(String(errors[0])).toContain('model down');
  });

  it('lets a custom classifier replace the rules', async () => {
    const runner = new ClassifierRunner({
      custom: host({ category: 'billing', intent: 'refund' }),
    });
    expect(await runner.classify(request('anything'))).toMatchObject({
      category: 'billing',
      intent: 'refund',
    });
  });

  it("applies the request's own intent and category", () => {
    const runner = new ClassifierRunner();
    const c = runner.classify(
      request('Debug my python function', { category: 'support', intent: 'ticket' }),
    ) as Classification;
    expect(c).toMatchObject({ category: 'support', intent: 'ticket', confidence: 1 });
  });
});
