import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NoProviderAvailableError } from './no-provider-available-error.js';
import { ServerError } from './provider-errors.js';

function outage(): NoProviderAvailableError {
  const first = new ServerError('openai: 503 Service Unavailable', {
    provider: 'openai',
    model: 'gpt-4o-mini',
    status: 503,
    cause: new Error('upstream body'),
  });
  const second = new ServerError('anthropic: 529 Overloaded', {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    status: 529,
  });
  const error = new NoProviderAvailableError(
    [
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        outcome: 'error',
        retry: 0,
        latencyMs: 12,
        errorKind: 'server',
        errorMessage: first.message,
      },
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        outcome: 'error',
        retry: 1,
        latencyMs: 9,
        errorKind: 'server',
        errorMessage: first.message,
      },
      {
        provider: 'groq',
        model: 'llama-3.1-8b-instant',
        outcome: 'skipped',
        retry: 0,
        latencyMs: 0,
        skipReason: 'breaker-open',
      },
      {
        provider: 'anthropic',
        model: 'claude-haiku-4-5',
        outcome: 'error',
        retry: 0,
        latencyMs: 30,
        errorKind: 'server',
        errorMessage: second.message,
      },
    ],
    [first, first, second],
  );
  error.route = {
    candidates: ['openai:gpt-4o-mini', 'groq:llama-3.1-8b-instant', 'anthropic:claude-haiku-4-5'],
    attempts: error.attempts,
    steps: [],
    reason: 'default model',
  };
  return error;
}

describe('NoProviderAvailableError inspected (as Node prints an uncaught error)', () => {
  it('is short: a headline, one line per attempt, a few stack frames', () => {
    const printed = inspect(outage());
    const lines = printed.split('\n');

    expect(lines[0]).toBe(
      'NoProviderAvailableError: no provider could answer (4 attempts, 3 candidates)',
    );
    expect(lines.slice(1, 5)).toEqual([
      '  1. openai:gpt-4o-mini failed: server (openai: 503 Service Unavailable), 12 ms',
      '  2. openai:gpt-4o-mini retry 1 failed: server (openai: 503 Service Unavailable), 9 ms',
      '  3. groq:llama-3.1-8b-instant skipped: breaker-open',
      '  4. anthropic:claude-haiku-4-5 failed: server (anthropic: 529 Overloaded), 30 ms',
    ]);
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines.slice(5).every((line) => line.startsWith('    at '))).toBe(true);
    // The inner errors are summarised by their attempt lines, not printed again.
    expect(printed.match(/503 Service Unavailable/g)).toHaveLength(2);
  });

  it('says so when there was no candidate at all', () => {
    const printed = inspect(new NoProviderAvailableError([], []));
    expect(printed.split('\n')[0]).toBe(
      'NoProviderAvailableError: no provider could answer (no candidate could take the request)',
    );
  });

  it('keeps the full detail on the object for code that reads it', () => {
    const error = outage();
    expect(error.errors).toHaveLength(3);
    expect(error.message).toContain('anthropic:claude-haiku-4-5 failed');
    expect(error.toJSON()).toMatchObject({ kind: 'no-provider' });
  });
});
