import { startFakeOpenAI } from '@switchyard/testing';
import { runProviderContract } from '@switchyard/testing/contract';
import { createOpenAI } from './openai-provider.js';

runProviderContract({
  name: 'openai',
  model: 'gpt-4o-mini',
  startServer: () => startFakeOpenAI(),
  createProvider: ({ baseURL, apiKey }) => createOpenAI({ baseURL, apiKey }),
});
