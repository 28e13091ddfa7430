export { google } from './google-default.js';
export { GOOGLE_MODELS } from './google-models.js';
export type { GoogleProviderOptions } from './google-provider.js';
export { createGoogle } from './google-provider.js';
export type { GoogleContinuationData, GoogleProviderMetadata } from './google-extras.js';
