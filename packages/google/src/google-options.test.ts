import { AuthError, ConfigError, type Provider } from '@switchyard/core';
import { type FakeServer, rejectionOf, startFakeGoogle } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask, SDKS, signal } from './google-test-fixtures.js';

// The options, keys and model table both Google adapters share, on each SDK.

describe.each(SDKS)('options of the adapter on $name', (sdk) => {
  let server: FakeServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startFakeGoogle();
    provider = sdk.create({ apiKey: server.apiKey, baseURL: server.baseURL });
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await provider.close?.();
    await server.close();
  });

  it('refuses contradictory or malformed options with one ConfigError', () => {
    let caught: unknown;
    try {
      sdk.withClient('AIzaHost00000000000000', { apiKey: 'x', apiVersion: '' });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
    expect((caught as ConfigError).message).toContain(`${sdk.factory} options`);
    expect((caught as ConfigError).issues.map((i) => i.path)).toEqual(['apiKey', 'apiVersion']);
    expect(() => sdk.create({ baseURL: 'nope' })).toThrow(/baseURL: must be an absolute URL/);
  });

  it('reads GOOGLE_API_KEY, else GEMINI_API_KEY, and GOOGLE_GEMINI_BASE_URL at the first call', async () => {
    vi.stubEnv('GOOGLE_API_KEY', '');
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_GEMINI_BASE_URL', server.baseURL);
    const lazy = sdk.create();
    const error = await rejectionOf(lazy.chat(ask(), signal()));
    expect(AuthError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `google: no API key. Set GOOGLE_API_KEY or GEMINI_API_KEY, or pass \`apiKey\` to ${sdk.factory}().`,
    );
    expect(server.requests).toHaveLength(0);
    vi.stubEnv('GEMINI_API_KEY', server.apiKey);
    expect((await lazy.chat(ask(), signal())).text).toBe('Hello from the fake Gemini server.');
    expect(server.lastRequest?.headers['x-goog-api-key']).toBe(server.apiKey);
  });

  it("knows model families, versions, previews, the models/ prefix and core's model data", () => {
    expect(provider.getModelInfo?.('gemini-2.0-flash-001')).toEqual({
      id: 'gemini-2.0-flash-001',
      contextWindow: 1_048_576,
      maxOutputTokens: 8_192,
      capabilities: { tools: true, json: true, jsonSchema: true, streaming: true },
    });
    expect(provider.getModelInfo?.('gemini-2.5-flash-preview-05-20')?.maxOutputTokens).toBe(65_536);
    expect(provider.getModelInfo?.('models/gemini-1.5-pro-002')).toMatchObject({
      id: 'models/gemini-1.5-pro-002',
      contextWindow: 2_097_152,
    });
    expect(provider.getModelInfo?.('gemini-1.5-flash-8b')?.contextWindow).toBe(1_048_576);
    expect(provider.getModelInfo?.('palm-2')).toBeUndefined();
    // Not in the adapter's table: the window comes from core's model data.
    expect(provider.getModelInfo?.('gemini-3.5-flash')?.contextWindow).toBe(1_000_000);
    const custom = sdk.create({
      apiKey: 'AIzaUnused000000000000',
      models: { 'gemini-x': { contextWindow: 1_000 } },
    });
    expect(custom.getModelInfo?.('gemini-x')?.contextWindow).toBe(1_000);
  });
});
