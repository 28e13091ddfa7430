export type { GoogleContinuationData, GoogleProviderMetadata } from './google-extras.js';
export type { GoogleGenAIProviderOptions } from './google-genai-provider.js';
export { createGoogleGenAI } from './google-genai-provider.js';
export { GOOGLE_MODELS } from './google-models.js';
