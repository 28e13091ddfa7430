import type { Provider } from '@switchyard/core';
import { createOpenAI } from './openai-provider.js';

/**
 * A ready OpenAI provider that reads `OPENAI_API_KEY` at its first call (importing it never
 * throws; a call without the variable fails with an `AuthError` naming it).
 */
export const openai: Provider = createOpenAI();
