export { anthropic } from './anthropic-default.js';
export { ANTHROPIC_MODELS } from './anthropic-models.js';
export type { AnthropicProviderOptions } from './anthropic-provider.js';
export { createAnthropic } from './anthropic-provider.js';
export type {
  AnthropicContinuationData,
  AnthropicProviderMetadata,
} from './anthropic-reasoning.js';
