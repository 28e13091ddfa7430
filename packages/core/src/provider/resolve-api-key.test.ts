import { describe, expect, it } from 'vitest';
import { AuthError } from '../errors/provider-errors.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { resolveApiKey } from './resolve-api-key.js';

describe('resolveApiKey', () => {
  it('prefers the key passed, then the first variable set, and registers it as a secret', () => {
    expect(
      resolveApiKey({
        provider: 'x',
        apiKey: 'passed-key-123',
        variables: ['A'],
        env: { A: 'env-key-1234' },
      }),
    ).toBe('passed-key-123');
    const found = resolveApiKey({
      provider: 'google',
      apiKey: '  ',
      variables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
      env: { GOOGLE_API_KEY: '', GEMINI_API_KEY: 'registered-value-42' },
    });
    expect(found).toBe('registered-value-42');
    expect(redactSecrets('key registered-value-42 here')).toBe('key [REDACTED] here');
  });

  it('names the variables, never a value, when no key is set', () => {
    let caught: unknown;
    try {
      resolveApiKey({
        provider: 'openai',
        variables: ['OPENAI_API_KEY'],
        factory: 'createOpenAI',
        env: { OTHER_KEY: 'unrelated-secret-value' },
      });
    } catch (error) {
      caught = error;
    }
    expect(AuthError.isInstance(caught)).toBe(true);
    const error = caught as AuthError;
    expect(error.message).toBe(
      'openai: no API key. Set OPENAI_API_KEY, or pass `apiKey` to createOpenAI().',
    );
    expect(error).toMatchObject({ code: 'missing_api_key', provider: 'openai', retryable: false });
  });
});
