import { createMockProvider } from '@switchyard/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { createRouter } from '../router/router.js';
import type { RouterConfig } from './router-config.js';

const openai = createMockProvider({ id: 'openai' });
const anthropic = createMockProvider({ id: 'anthropic' });

function configError(config: unknown): ConfigError {
  try {
    createRouter(config as RouterConfig);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected createRouter to throw');
}

describe('router config validation', () => {
  it('accepts a valid config and defaults the default alias to fast', async () => {
    const router = createRouter({
      providers: [openai, anthropic],
      models: { strong: ['anthropic:claude-x'], fast: ['openai:mini', 'anthropic:haiku'] },
    });
    const answer = await router.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.provider).toBe('openai');
    expect(answer.route.tier).toBe('fast');
    await router.close();
  });

  it('names every bad path in one error', () => {
    const error = configError({
      providers: [openai, openai, { id: 'broken' }],
      models: {
        fast: ['openai:mini', 'groq:llama', 'not-a-ref'],
        strong: { candidates: [{ model: 'cohere:command', weight: -1 }], strategy: 'random' },
        'bad:name': ['openai:mini'],
        empty: [],
      },
      defaultModel: 'medium',
      attemptTimeoutMs: -5,
      retry: { maxRetries: 'three', initialDelayMs: 9000, maxDelayMs: 100 },
      unknownOption: true,
    });
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'providers[1].id',
        'providers[2]',
        'models.fast[1]',
        'models.fast[2]',
        'models.strong.candidates[0].model',
        'models.strong.candidates[0].weight',
        'models.strong.strategy',
        'models.bad:name',
        'models.empty',
        'defaultModel',
        'attemptTimeoutMs',
        'retry.maxRetries',
        'retry.initialDelayMs',
        '',
      ]),
    );
    expect(error.message).toContain(
      'models.fast[1]: "groq:llama" names unknown provider "groq" (configured: openai)',
    );
    expect(error.message).toContain('duplicate provider id "openai"');
    expect(error.message).toContain('defaultModel: "medium" is neither a configured alias');
    expect(error.kind).toBe('config');
    expect(error.retryable).toBe(false);
    for (const issue of error.issues) expect(error.message).toContain(issue.message);
  });

  it('words shape problems plainly, and names the option an unknown one most likely meant', () => {
    const error = configError({
      providers: [openai],
      models: { fast: ['openai:mini'] },
      retries: 2,
      retry: { maxRetries: 1.5 },
      breaker: { failureTreshold: 3 },
      attemptTimeoutMs: 0,
      timeout: 5_000,
    });
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
    expect(byPath['retry.maxRetries']).toBe('expected an integer');
    expect(byPath.attemptTimeoutMs).toBe('expected a positive number');
    expect(byPath.breaker).toBe(
      'unknown option "failureTreshold". Did you mean "failureThreshold"?',
    );
    expect(byPath['']).toBe(
      'unknown option "retries". Did you mean "retry"? unknown option "timeout". Did you mean "timeoutMs"?',
    );
    // zod's own wording ("Invalid input: expected int, received number") is gone.
    expect(error.message).not.toMatch(/Invalid input|Too small|Unrecognized key/);
  });

  it('refuses a model reference with whitespace in the config', () => {
    const error = configError({ providers: [openai], models: { fast: ['openai:gpt-4o-mini '] } });
    expect(error.message).toContain(
      'models.fast[0]: "openai:gpt-4o-mini " is not a "provider:model" reference',
    );
  });

  it('refuses a provider written for another contract version', () => {
    const future = { ...createMockProvider({ id: 'future' }), specificationVersion: 'v2' };
    const error = configError({ providers: [future] });
    expect(error.issues).toEqual([
      { path: 'providers[0]', message: expect.stringContaining('implements contract "v2"') },
    ]);
  });

  it('requires at least one provider', () => {
    expect(configError({ providers: [] }).issues[0]?.path).toBe('providers');
    expect(configError(undefined).issues.length).toBeGreaterThan(0);
  });

  it('never echoes secret values found in the config', () => {
    const error = configError({
      providers: [openai],
      models: { fast: ['openai:mini'] },
      apiKey: 'sk-live-0123456789abcdefghijklmnop',
      defaultModel: 'sk-live-0123456789abcdefghijklmnop',
    });
    expect(error.message).not.toContain('0123456789abcdefghijklmnop');
    expect(JSON.stringify(error.toJSON())).not.toContain('0123456789abcdefghijklmnop');
  });
});
