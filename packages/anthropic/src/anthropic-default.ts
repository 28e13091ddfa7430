import type { Provider } from '@switchyard/core';
import { createAnthropic } from './anthropic-provider.js';

/**
 * A ready Anthropic provider that reads `ANTHROPIC_API_KEY` at its first call (importing it never
 * throws; a call without the variable fails with an `AuthError` naming it).
 */
export const anthropic: Provider = createAnthropic();
