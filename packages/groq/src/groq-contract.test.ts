import { startFakeGroq } from '@switchyard/testing';
import { runProviderContract } from '@switchyard/testing/contract';
import { createGroq } from './groq-provider.js';

runProviderContract({
  name: 'groq',
  model: 'llama-3.3-70b-versatile',
  startServer: () => startFakeGroq(),
  createProvider: ({ baseURL, apiKey }) => createGroq({ baseURL, apiKey }),
});
