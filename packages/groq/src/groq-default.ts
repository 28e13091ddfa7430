import type { Provider } from '@switchyard/core';
import { createGroq } from './groq-provider.js';

/**
 * A ready Groq provider that reads `GROQ_API_KEY` at its first call (importing it never throws;
 * a call without the variable fails with an `AuthError` naming it).
 */
export const groq: Provider = createGroq();
