import type { Provider } from '@switchyard/core';
import { createGoogle } from './google-provider.js';

/**
 * A ready Google provider that reads `GOOGLE_API_KEY` (else `GEMINI_API_KEY`) and
 * `GOOGLE_GEMINI_BASE_URL` at its first call (importing it never throws; a call without a key
 * fails with an `AuthError` naming both variables).
 */
export const google: Provider = createGoogle();
