import { startFakeAnthropic } from '@switchyard/testing';
import { runProviderContract } from '@switchyard/testing/contract';
import { createAnthropic } from './anthropic-provider.js';

runProviderContract({
  name: 'anthropic',
  model: 'claude-haiku-4-5',
  startServer: () => startFakeAnthropic(),
  createProvider: ({ baseURL, apiKey }) => createAnthropic({ baseURL, apiKey }),
  features: {
    // A complete answer carries tool input as a JSON object, so it cannot be malformed JSON; a
    // stream carries it as text (`input_json_delta`): anthropic-provider.test.ts covers that.
    textToolArguments: false,
  },
});
