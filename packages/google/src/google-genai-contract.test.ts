import { startFakeGoogle } from '@switchyard/testing';
import { runProviderContract } from '@switchyard/testing/contract';
import { createGoogleGenAI } from './google-genai-provider.js';

// The same suite as google-contract.test.ts, through Google's current SDK (@google/genai).
runProviderContract({
  name: 'google',
  model: 'gemini-2.5-flash',
  startServer: () => startFakeGoogle(),
  createProvider: ({ baseURL, apiKey }) => createGoogleGenAI({ baseURL, apiKey }),
  features: {
    // As for @google/generative-ai: Gemini's wire format, whichever SDK speaks it.
    toolCallIds: false,
    textToolArguments: false,
    cutToolCalls: false,
    retryAfterHeaders: false,
  },
});
