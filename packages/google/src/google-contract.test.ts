import { startFakeGoogle } from '@switchyard/testing';
import { runProviderContract } from '@switchyard/testing/contract';
import { createGoogle } from './google-provider.js';

runProviderContract({
  name: 'google',
  model: 'gemini-2.5-flash',
  startServer: () => startFakeGoogle(),
  createProvider: ({ baseURL, apiKey }) => createGoogle({ baseURL, apiKey }),
  features: {
    // Gemini's function calls carry no id: the suite checks for stable synthetic ids instead,
    // and that tool results go back matched by function name.
    toolCallIds: false,
    // Function-call arguments arrive as JSON objects, whole, so they cannot be malformed JSON.
    textToolArguments: false,
    // For the same reason MAX_TOKENS cannot cut a call in half: a call that arrives is whole.
    cutToolCalls: false,
    // Gemini puts a wait in the error body (RetryInfo.retryDelay), not in retry-after headers;
    // the suite's plain retry-after check still runs and reads it from there.
    retryAfterHeaders: false,
  },
});
