// Router

export type { ModelRef } from './config/model-ref.js';
// Configuration
export { parseModelRef } from './config/model-ref.js';
export type {
  AliasConfig,
  AliasDefinition,
  AliasStrategy,
  CandidateConfig,
  RetryOptions,
  RouterConfig,
} from './config/router-config.js';
// Errors
export { AbortError, abortErrorFrom } from './errors/abort-error.js';
export type { ConfigIssue } from './errors/config-error.js';
export { ConfigError } from './errors/config-error.js';
export type { HttpErrorDetails } from './errors/error-from-http.js';
export { errorFromHttp, isAbortLike } from './errors/error-from-http.js';
export type { ErrorKind } from './errors/error-kind.js';
export { NoProviderAvailableError } from './errors/no-provider-available-error.js';
export type { TimeoutScope } from './errors/provider-errors.js';
export {
  AuthError,
  ConnectionError,
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from './errors/provider-errors.js';
export { redactErrorInPlace, redactSecrets, registerSecret } from './errors/redact-secrets.js';
export type { HeaderSource } from './errors/retry-after.js';
export { parseDuration, parseRetryAfter, readHeader } from './errors/retry-after.js';
export type { SwitchyardErrorOptions } from './errors/switchyard-error.js';
export { SwitchyardError } from './errors/switchyard-error.js';
export type { CacheMode, CacheRequestOptions, ChatRequest } from './provider/chat-request.js';
export type { ChatResponse } from './provider/chat-response.js';
export type { FinishReason } from './provider/finish-reason.js';
export type { InFlightCall } from './provider/in-flight-calls.js';
export { InFlightCalls } from './provider/in-flight-calls.js';
export type {
  AssistantMessage,
  Message,
  MessageRole,
  SystemMessage,
  ToolMessage,
  UserMessage,
} from './provider/messages.js';
export type { ModelFacts, ModelFactsOverride } from './provider/model-lookup.js';
export { modelLookup } from './provider/model-lookup.js';
export type {
  ModelCapabilities,
  ModelInfo,
  Provider,
  ProviderCallOptions,
  ProviderEmbedRequest,
  ProviderEmbedResponse,
  ProviderRequest,
  ProviderResponse,
  ProviderStreamPart,
} from './provider/provider.js';
// Provider contract (for adapter authors)
export { PROVIDER_SPECIFICATION_VERSION } from './provider/provider.js';
export type { ResolveApiKeyOptions } from './provider/resolve-api-key.js';
export { resolveApiKey } from './provider/resolve-api-key.js';
export type {
  JsonResponseFormat,
  ResponseFormat,
  TextResponseFormat,
} from './provider/response-format.js';
export type { Complexity, RouteAttempt, RouteStep, RouteTrace } from './provider/route-trace.js';
export type { StreamEvent } from './provider/stream-event.js';
export type { JsonSchema, ToolCall, ToolChoice, ToolDefinition } from './provider/tool.js';
export type { ToolCallArgumentsContext } from './provider/tool-call-arguments.js';
export { parseToolCallArguments, syntheticToolCallId } from './provider/tool-call-arguments.js';
export type { Usage } from './provider/usage.js';
// Requests, responses, streams
export { ZERO_USAGE } from './provider/usage.js';
export type { Router } from './router/router.js';
export { createRouter } from './router/router.js';
export type { Clock, TimerHandle } from './time/clock.js';
// Time
export { systemClock } from './time/clock.js';
