import { ConfigError, type Provider } from '@switchyard/core';
import {
  type FakeServer,
  startFakeAnthropic,
  startFakeGoogle,
  startFakeGroq,
  startFakeOpenAI,
} from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providersFrom, providersFromEnv, type SkippedVendor } from './providers-from-env.js';
import { VENDORS, type VendorEntry } from './vendors.js';

// providersFromEnv with the real OpenAI, Anthropic, Google and Groq adapters (installed here as
// dev dependencies) pointed at fake servers, and made-up vendors for adapters that are not
// installed.

let openaiServer: FakeServer;
let anthropicServer: FakeServer;
let googleServer: FakeServer;
let groqServer: FakeServer;
const opened: Provider[] = [];

beforeEach(async () => {
  openaiServer = await startFakeOpenAI();
  anthropicServer = await startFakeAnthropic();
  googleServer = await startFakeGoogle();
  groqServer = await startFakeGroq();
});

afterEach(async () => {
  for (const provider of opened.splice(0)) await provider.close?.();
  await openaiServer.close();
  await anthropicServer.close();
  await googleServer.close();
  await groqServer.close();
});

const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'Hi' }] };
const signal = () => ({ signal: new AbortController().signal });

async function caught(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(ConfigError.isInstance(error), String(error)).toBe(true);
  return error as ConfigError;
}

// A vendor whose adapter is not installed anywhere.
const ghost: VendorEntry = {
  vendor: 'anthropic',
  variables: ['ANTHROPIC_API_KEY'],
  adapter: '@switchyard/not-an-installed-adapter',
  factory: 'createGhost',
  sdk: 'ghost-sdk',
};
const ghostSecret = 'ghost-key-value-do-not-print-123';

describe('providersFromEnv', () => {
  it('builds the providers whose keys are set, in vendor order, talking to their base URLs', async () => {
    const providers = await providersFromEnv({
      env: {
        GROQ_API_KEY: groqServer.apiKey,
        GROQ_BASE_URL: groqServer.baseURL,
        GOOGLE_API_KEY: googleServer.apiKey,
        GOOGLE_GEMINI_BASE_URL: googleServer.baseURL,
        ANTHROPIC_API_KEY: anthropicServer.apiKey,
        ANTHROPIC_BASE_URL: anthropicServer.baseURL,
        OPENAI_API_KEY: openaiServer.apiKey,
        OPENAI_BASE_URL: openaiServer.baseURL,
      },
    });
    opened.push(...providers);
    expect(providers.map((p) => p.id)).toEqual(['openai', 'anthropic', 'google', 'groq']);
    openaiServer.reply('from openai');
    anthropicServer.reply('from anthropic');
    googleServer.reply('from gemini');
    groqServer.reply('from groq');
    const [openai, anthropic, google, groq] = providers;
    expect((await openai?.chat(ask, signal()))?.text).toBe('from openai');
    expect((await anthropic?.chat(ask, signal()))?.text).toBe('from anthropic');
    expect((await google?.chat(ask, signal()))?.text).toBe('from gemini');
    expect((await groq?.chat(ask, signal()))?.text).toBe('from groq');
    expect(openaiServer.lastRequest?.headers.authorization).toBe(`Bearer ${openaiServer.apiKey}`);
    expect(anthropicServer.lastRequest?.headers.authorization).toBe(
      `Bearer ${anthropicServer.apiKey}`,
    );
    expect(googleServer.lastRequest?.headers['x-goog-api-key']).toBe(googleServer.apiKey);
    // Both Google SDKs are installed here: the current one, @google/genai, is preferred.
    expect(googleServer.lastRequest?.headers['x-goog-api-client']).toMatch(/^google-genai-sdk\//);
  });

  it('builds the Google provider from GEMINI_API_KEY alone', async () => {
    const providers = await providersFromEnv({
      env: { GEMINI_API_KEY: googleServer.apiKey, GOOGLE_GEMINI_BASE_URL: googleServer.baseURL },
      requireKeys: ['GOOGLE_API_KEY'],
    });
    opened.push(...providers);
    expect(providers.map((p) => p.id)).toEqual(['google']);
    expect((await providers[0]?.chat({ ...ask, model: 'gemini-2.5-flash' }, signal()))?.text).toBe(
      'Hello from the fake Gemini server.',
    );
    expect(providers[0]?.getModelInfo?.('gemini-2.5-flash')?.contextWindow).toBe(1_048_576);
  });

  it('builds the Google provider on @google/generative-ai when @google/genai is not installed', async () => {
    const skipped: SkippedVendor[] = [];
    const real = VENDORS.find((v) => v.vendor === 'google') as VendorEntry;
    // The preferred module cannot be found, as when @google/genai is missing.
    const withoutGenAI: VendorEntry = { ...real, module: '@switchyard/google-genai-not-installed' };
    const providers = await providersFrom([withoutGenAI], {
      env: { GOOGLE_API_KEY: googleServer.apiKey, GOOGLE_GEMINI_BASE_URL: googleServer.baseURL },
      onSkip: (vendor) => skipped.push(vendor),
    });
    opened.push(...providers);
    googleServer.reply('from the old SDK');
    expect((await providers[0]?.chat(ask, signal()))?.text).toBe('from the old SDK');
    expect(googleServer.lastRequest?.headers['x-goog-api-client']).toMatch(/^genai-js\//);
    expect(skipped).toEqual([]);
  });

  it('recommends the current Google SDK when neither Google SDK can be loaded', async () => {
    const google: VendorEntry = {
      ...ghost,
      vendor: 'google',
      variables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
      sdk: '@google/genai',
      alternative: { adapter: '@switchyard/also-not-installed', factory: 'x', sdk: 'old-sdk' },
    };
    const skipped: SkippedVendor[] = [];
    const none = await providersFrom([google], {
      env: { GOOGLE_API_KEY: ghostSecret },
      onSkip: (vendor) => skipped.push(vendor),
    });
    expect(none).toEqual([]);
    expect(skipped).toEqual([
      {
        vendor: 'google',
        variable: 'GOOGLE_API_KEY',
        install: ['@switchyard/not-an-installed-adapter', '@google/genai'],
        reason: '@switchyard/not-an-installed-adapter is not installed',
      },
    ]);
    const error = await caught(
      providersFrom([google], {
        env: { GOOGLE_API_KEY: ghostSecret },
        requireKeys: ['GOOGLE_API_KEY'],
      }),
    );
    expect(error.issues[0]?.message).toBe(
      'is set, but @switchyard/not-an-installed-adapter is not installed: install @switchyard/not-an-installed-adapter and @google/genai',
    );
  });

  it('returns nothing for an empty environment and ignores blank variables', async () => {
    expect(await providersFromEnv({ env: {} })).toEqual([]);
    expect(await providersFromEnv({ env: { OPENAI_API_KEY: '  ', GROQ_API_KEY: '' } })).toEqual([]);
  });

  it('fails fast naming every missing required variable, never a value', async () => {
    const error = await caught(
      providersFromEnv({
        env: { OPENAI_API_KEY: 'sk-present-value-0000000000' },
        requireKeys: ['OPENAI_API_KEY', 'GROQ_API_KEY', 'GOOGLE_API_KEY'],
      }),
    );
    expect(error.issues).toEqual([
      { path: 'GROQ_API_KEY', message: 'is required but not set' },
      { path: 'GOOGLE_API_KEY', message: 'is required but not set (GEMINI_API_KEY also works)' },
    ]);
    expect(error.message).toContain('GROQ_API_KEY');
    expect(error.message).not.toContain('sk-present-value');
  });

  it('lets GEMINI_API_KEY satisfy a required GOOGLE_API_KEY', async () => {
    const google: VendorEntry = {
      ...ghost,
      vendor: 'google',
      variables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
    };
    const error = await caught(
      providersFrom([google], { env: { GEMINI_API_KEY: 'set' }, requireKeys: ['GOOGLE_API_KEY'] }),
    );
    // The key is there; what is missing is the adapter, and the error says what to install.
    expect(error.issues).toEqual([
      {
        path: 'GEMINI_API_KEY',
        message: expect.stringContaining(
          'install @switchyard/not-an-installed-adapter and ghost-sdk',
        ),
      },
    ]);
  });

  it('refuses a required variable it does not know', async () => {
    const error = await caught(
      providersFromEnv({ env: {}, requireKeys: ['MISTRAL_API_KEY' as 'OPENAI_API_KEY'] }),
    );
    expect(error.issues[0]).toMatchObject({ path: 'MISTRAL_API_KEY' });
    expect(error.issues[0]?.message).toContain('is not a provider key variable');
  });

  it('skips a vendor whose adapter is not installed, and says so to onSkip', async () => {
    const skipped: SkippedVendor[] = [];
    const providers = await providersFrom(
      [ghost, ...VENDORS.filter((v) => v.vendor === 'openai')],
      {
        env: { ANTHROPIC_API_KEY: ghostSecret, OPENAI_API_KEY: openaiServer.apiKey },
        onSkip: (vendor) => skipped.push(vendor),
      },
    );
    opened.push(...providers);
    expect(providers.map((p) => p.id)).toEqual(['openai']);
    expect(skipped).toEqual([
      {
        vendor: 'anthropic',
        variable: 'ANTHROPIC_API_KEY',
        install: ['@switchyard/not-an-installed-adapter', 'ghost-sdk'],
        reason: '@switchyard/not-an-installed-adapter is not installed',
      },
    ]);
    expect(JSON.stringify(skipped)).not.toContain(ghostSecret);
  });

  it('fails with a typed error when a required vendor has no adapter installed', async () => {
    const error = await caught(
      providersFrom([ghost], {
        env: { ANTHROPIC_API_KEY: ghostSecret },
        requireKeys: ['ANTHROPIC_API_KEY'],
      }),
    );
    expect(error.issues).toEqual([
      {
        path: 'ANTHROPIC_API_KEY',
        message:
          'is set, but @switchyard/not-an-installed-adapter is not installed: install @switchyard/not-an-installed-adapter and ghost-sdk',
      },
    ]);
    expect(error.message).not.toContain(ghostSecret);
  });

  it('fails with a typed error when an installed package lacks the factory', async () => {
    const broken: VendorEntry = { ...ghost, adapter: '@switchyard/core', factory: 'createNothing' };
    const error = await caught(providersFrom([broken], { env: { ANTHROPIC_API_KEY: 'x' } }));
    expect(error.issues[0]?.message).toBe(
      'is set, but @switchyard/core failed to load: @switchyard/core does not export createNothing()',
    );
  });
});
