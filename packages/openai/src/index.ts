export { openai } from './openai-default.js';
export { OPENAI_MODELS } from './openai-models.js';
export type { OpenAIProviderOptions } from './openai-provider.js';
export { createOpenAI } from './openai-provider.js';
