export type { ChatCompletionsContext } from './chat-completion-response.js';
export { fromChatCompletion } from './chat-completion-response.js';
export type {
  ChatCompletionsBody,
  ChatCompletionsDialect,
  ChatCompletionsContentPart,
  ChatCompletionsMessage,
  ChatCompletionsToolCall,
} from './chat-completions-body.js';
export { toChatCompletionsBody } from './chat-completions-body.js';
export type { ChatCompletionsErrorContext } from './chat-completions-errors.js';
export { mapChatCompletionsError } from './chat-completions-errors.js';
export type { ChatCompletionsProviderConfig } from './chat-completions-provider.js';
export { createChatCompletionsProvider } from './chat-completions-provider.js';
export { ChatCompletionsStream } from './chat-completions-stream.js';
export { mapChatCompletionsUsage } from './chat-completions-usage.js';
export { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason.js';
