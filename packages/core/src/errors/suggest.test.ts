import { describe, expect, it } from 'vitest';
import { didYouMean, nearest } from './suggest.js';

describe('nearest', () => {
  it('finds a typo within two edits, case aside', () => {
    expect(nearest('fsat', ['fast', 'strong'])).toBe('fast');
    expect(nearest('failureTreshold', ['failureThreshold', 'resetTimeoutMs'])).toBe(
      'failureThreshold',
    );
    expect(nearest('OPENAI', ['openai', 'groq'])).toBe('openai');
  });

  it('finds another form of the same word', () => {
    expect(nearest('retries', ['retry', 'routing'])).toBe('retry');
    expect(nearest('timeout', ['timeoutMs', 'attemptTimeoutMs'])).toBe('timeoutMs');
  });

  it('suggests nothing far off, nothing for very short names beyond one edit, and never the name itself', () => {
    expect(nearest('medium', ['fast', 'strong'])).toBeUndefined();
    expect(nearest('ab', ['xy'])).toBeUndefined();
    expect(nearest('ab', ['ac'])).toBe('ac');
    expect(nearest('fast', ['fast'])).toBeUndefined();
  });

  it('words the suggestion, or nothing', () => {
    expect(didYouMean('fast')).toBe(' Did you mean "fast"?');
    expect(didYouMean(undefined)).toBe('');
  });
});
