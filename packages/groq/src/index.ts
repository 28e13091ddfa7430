export { groq } from './groq-default.js';
export { GROQ_MODELS } from './groq-models.js';
export type { GroqProviderOptions } from './groq-provider.js';
export { createGroq } from './groq-provider.js';
