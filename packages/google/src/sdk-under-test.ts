import type { Provider } from '@switchyard/core';
import { createGoogleGenAI } from './google-genai-provider.js';
import {
  createGoogle as createOnGenerativeAi,
  type GoogleProviderOptions,
} from './google-provider.js';

// Test support, not exported: the tests that hold for both Google SDKs import `createGoogle` from
// here. vitest.config.ts runs them twice, once per SDK: the `genai` project sets
// SWITCHYARD_GOOGLE_SDK=genai and gets the @google/genai adapter (createGoogleGenAI).

/** The SDK the tests run on: `@google/genai` in the `genai` project, else `@google/generative-ai`. */
export const SDK_UNDER_TEST =
  process.env.SWITCHYARD_GOOGLE_SDK === 'genai' ? '@google/genai' : '@google/generative-ai';

/** `createGoogle` or `createGoogleGenAI`, by {@link SDK_UNDER_TEST}; options without `client`. */
export const createGoogle: (options?: Omit<GoogleProviderOptions, 'client'>) => Provider =
  SDK_UNDER_TEST === '@google/genai' ? createGoogleGenAI : createOnGenerativeAi;
