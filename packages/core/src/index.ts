// Router
export { createRouter } from './router/router.js';
export type { Router } from './router/router.js';
export type { RouterHealth, StoreHealth } from './router/router-health.js';
export { isWatchableStore } from './health/store-backends.js';
export type {
  BackendStatus,
  StoreBackendHealth,
  WatchableStore,
} from './health/store-backends.js';

// Configuration
export { parseModelRef } from './config/model-ref.js';
export type { ModelRef } from './config/model-ref.js';
export type {
  AliasConfig,
  AliasDefinition,
  AliasStrategy,
  CandidateConfig,
  RetryOptions,
  RouterConfig,
  RoutingOptions,
  SessionOptions,
} from './config/router-config.js';

// Requests, responses, streams
export { ZERO_USAGE } from './provider/usage.js';
export type { CacheMode, CacheRequestOptions, ChatRequest } from './provider/chat-request.js';
export type { ChatResponse } from './provider/chat-response.js';
export type { EmbedRequest, EmbedResponse } from './provider/embed-request.js';
export { estimateTokens } from './policy/estimate-tokens.js';
export { assistantMessage, withoutForeignContinuations } from './provider/assistant-message.js';
export type { ImageSource } from './provider/content-parts.js';
export { contentText, countImages, imageSource } from './provider/content-parts.js';
export type { ProviderContinuation, ProviderMetadata } from './provider/continuation.js';
export type { FinishReason } from './provider/finish-reason.js';
export type {
  AssistantMessage,
  ContentPart,
  ImageMediaType,
  ImagePart,
  Message,
  MessageRole,
  SystemMessage,
  TextPart,
  ToolMessage,
  UserMessage,
} from './provider/messages.js';
export type {
  JsonResponseFormat,
  ResponseFormat,
  TextResponseFormat,
} from './provider/response-format.js';
export type { Complexity, RouteAttempt, RouteStep, RouteTrace } from './provider/route-trace.js';
export type { StreamEvent } from './provider/stream-event.js';
export type { JsonSchema, ToolCall, ToolChoice, ToolDefinition } from './provider/tool.js';
export type { Usage } from './provider/usage.js';

// Classification
export { BUILTIN_CATEGORIES, BUILTIN_RULES } from './classify/builtin-rules.js';
export { createRuleClassifier } from './classify/rule-classifier.js';
export type { RuleClassifier, RuleClassifierOptions } from './classify/rule-classifier.js';
export type { ClassifierOptions } from './classify/classifier-runner.js';
export type {
  BuiltinCategory,
  Classification,
  Classifier,
  ClassifierInput,
  ClassifierRule,
} from './classify/classification.js';

// Routing policies
export { staticCategoryScores } from './policy/builtin-policies.js';
export type { CategoryScoreLookup, CategoryScoreSource } from './policy/builtin-policies.js';
export { freshOrStaticScores } from './policy/fresh-category-scores.js';
export type { FreshCategoryEntry, FreshScoreReader } from './policy/fresh-category-scores.js';
export type { PolicyContext, PolicyDecision, RoutingPolicy } from './policy/routing-policy.js';

// Benchmarks
export { BenchmarkError } from './benchmark/benchmark-error.js';
export type { BenchmarkErrorCode } from './benchmark/benchmark-error.js';
export type {
  BenchmarkLock,
  BenchmarkOptions,
  BenchmarkReport,
  BenchmarkScoreView,
  ModelBenchmarkHealth,
  RunBenchmarksOptions,
  ScheduleBenchmarksOptions,
} from './benchmark/benchmark-options.js';
export type {
  BenchmarkFailureKind,
  BenchmarkRun,
  BenchmarkTestResult,
  ModelCategoryScore,
  ScorerResult,
} from './benchmark/benchmark-results.js';
export { defineBenchmarkSuite } from './benchmark/benchmark-suite.js';
export type {
  BenchmarkCategory,
  BenchmarkSuite,
  BenchmarkTest,
  BenchmarkWeights,
} from './benchmark/benchmark-suite.js';
export { estimateBenchmarkRun, runBenchmarkSuite } from './benchmark/run-benchmark-suite.js';
export type { BenchmarkRunLimits } from './benchmark/benchmark-limits.js';
export type {
  BenchmarkEstimate,
  RunBenchmarkSuiteOptions,
} from './benchmark/run-benchmark-suite.js';
export type { Scorer, ScorerContext, ScorerVerdict } from './benchmark/scorer.js';
export {
  customScorer,
  exactAnswerScorer,
  jsonSchemaScorer,
  keywordsScorer,
  llmJudgeScorer,
  minLengthScorer,
  normalizeAnswer,
  regexScorer,
} from './benchmark/scorers.js';
export type {
  JudgeRouter,
  KeywordsScorerOptions,
  LlmJudgeOptions,
  SafeParseSchema,
} from './benchmark/scorers.js';
export { createMemoryScoreStore } from './benchmark/score-store.js';
export type {
  MemoryScoreStore,
  MemoryScoreStoreOptions,
  ScoreStore,
} from './benchmark/score-store.js';
export { STARTER_SUITE } from './benchmark/starter-suite.js';

// Circuit breakers
export { isVendorFailure } from './breaker/vendor-failure.js';
export { createMemoryBreakerStateStore } from './breaker/breaker-state-store.js';
export type {
  BreakerStateChange,
  BreakerStateStore,
  TrialLease,
} from './breaker/breaker-state-store.js';
export type { BreakerOptions } from './breaker/breaker-options.js';
export type { BreakerHealth, BreakerState } from './breaker/circuit-breaker.js';

// Sessions
export { createMemorySessionStore } from './session/session-store.js';
export type {
  MemorySessionStore,
  MemorySessionStoreOptions,
  SessionState,
  SessionStore,
} from './session/session-store.js';

// Events
export type {
  AttemptEvent,
  BreakerEvent,
  BenchmarkEvent,
  BudgetEvent,
  DecisionEvent,
  ExtractionEvent,
  FallbackEvent,
  ListenerErrorEvent,
  RequestErrorEvent,
  ResponseEvent,
  RetryEvent,
  RouterEvent,
  RouterEventListener,
  RouterEventType,
  SessionSwitchEvent,
  ToolEvent,
  WarningEvent,
} from './events/router-events.js';

// Response cache
export { cacheKey, stableStringify } from './cache/cache-key.js';
export type { CacheEntry, CacheStore, CacheStoreStats } from './cache/cache-store.js';
export { createLayeredCacheStore } from './cache/layered-cache-store.js';
export type { LayeredCacheStoreOptions } from './cache/layered-cache-store.js';
export { createMemoryCacheStore } from './cache/memory-cache-store.js';
export type { MemoryCacheStore, MemoryCacheStoreOptions } from './cache/memory-cache-store.js';
export type { CacheOptions, CacheStats } from './cache/response-cache.js';

// Statistics and prices
export type { LatencySummary } from './usage/latency-histogram.js';
export type {
  ExtractionStats,
  GroupStats,
  RouterStats,
  SessionStats,
  StatsOptions,
  TokenTotals,
  ToolStats,
} from './usage/stats-collector.js';

// Tools
export { defineTool, isRunnableTool } from './tools/define-tool.js';
export type { DefineToolOptions, Tool, ToolExecuteContext } from './tools/define-tool.js';
export { runToolCalls } from './tools/run-tool-calls.js';
export type { RunToolCallsOptions } from './tools/run-tool-calls.js';
export type { ToolCallOutcome } from './tools/tool-loop-types.js';
export type { ToolLoopResult, ToolLoopStop, ToolStep } from './provider/chat-response.js';
export type { ToolCallTrace, ToolStepTrace, ToolTrace } from './tools/tool-loop-types.js';
export { createToolRegistry } from './tools/tool-registry.js';
export type {
  ToolEntry,
  ToolRegistry,
  ToolRegistryOptions,
  ToolSelection,
  ToolSelectionQuery,
} from './tools/tool-registry.js';

// Widgets
export { defineWidget, isWidgetService } from './widgets/define-widget.js';
export type {
  CustomExtraction,
  ExtractionContext,
  WidgetData,
  WidgetDefinition,
  WidgetExample,
  WidgetExtraction,
  WidgetIntent,
  WidgetParseResult,
  WidgetService,
  WidgetStrategy,
} from './widgets/define-widget.js';
export { createWidgetRegistry } from './widgets/widget-registry.js';
export type {
  WidgetMatch,
  WidgetRegistry,
  WidgetRegistryOptions,
} from './widgets/widget-registry.js';
export type {
  WidgetRequest,
  WidgetResult,
  WidgetResultOf,
  WidgetStreamEvent,
} from './widgets/widget-result.js';
export type {
  WidgetAttempt,
  WidgetAttemptStage,
  WidgetOutputMode,
} from './widgets/widget-attempt.js';
export type { WidgetIssue } from './widgets/widget-issue.js';
export { formatIssue } from './widgets/widget-issue.js';
export { generalResponseService } from './widgets/general-response.js';
export { extractJson } from './widgets/extract-json.js';
export type { JsonExtraction } from './widgets/extract-json.js';
export { jsonExtraction } from './widgets/extraction-helpers.js';
export type { JsonExtractionOptions } from './widgets/extraction-helpers.js';
export { toStrictJsonSchema } from './widgets/zod-to-json-schema.js';
export type { StrictJsonSchema } from './widgets/zod-to-json-schema.js';

// Prices
export { BUILTIN_PRICES } from './usage/price-data.js';
export { createPriceTable } from './usage/price-table.js';
export type { ModelPrice, PriceEntry, PriceTable, PriceTableOptions } from './usage/price-table.js';

// Model data (generated by `pnpm update:models`)
export { BUILTIN_MODELS } from './usage/model-data.js';
export { builtinModelRecord, isDeprecatedModel } from './usage/model-lifecycle.js';
export type { ModelRecord } from './usage/model-lifecycle.js';

// Budgets
export type { BudgetOptions, BudgetRule } from './budget/budgets.js';
export { createMemorySpendCounters } from './budget/spend-counters.js';
export type { SpendCounterStore } from './budget/spend-counters.js';

// OpenTelemetry
export type {
  AttributeValue,
  SpanLike,
  TelemetryOptions,
  TracerLike,
} from './telemetry/telemetry.js';

// Provider contract and helpers (for adapter authors)
export { PROVIDER_SPECIFICATION_VERSION } from './provider/provider.js';
export { InFlightCalls } from './provider/in-flight-calls.js';
export type { InFlightCall } from './provider/in-flight-calls.js';
export { modelLookup } from './provider/model-lookup.js';
export type { ModelFacts, ModelFactsOverride } from './provider/model-lookup.js';
export { resolveApiKey } from './provider/resolve-api-key.js';
export type { ResolveApiKeyOptions } from './provider/resolve-api-key.js';
export {
  markCutToolCall,
  parseToolCallArguments,
  readToolCallArguments,
  syntheticToolCallId,
} from './provider/tool-call-arguments.js';
export { JSON_OUTPUT_INSTRUCTION } from './provider/response-format.js';
export type { ToolCallArgumentsContext } from './provider/tool-call-arguments.js';
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

// Errors
export { SwitchyardError } from './errors/switchyard-error.js';
export type { SwitchyardErrorOptions } from './errors/switchyard-error.js';
export type { ErrorKind } from './errors/error-kind.js';
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
export type { TimeoutScope } from './errors/provider-errors.js';
export { AbortError, abortErrorFrom } from './errors/abort-error.js';
export { BudgetExceededError } from './errors/budget-exceeded-error.js';
export { ConfigError } from './errors/config-error.js';
export type { ConfigIssue } from './errors/config-error.js';
export { NoProviderAvailableError } from './errors/no-provider-available-error.js';
export {
  defaultFallbackOn,
  isMissingApiKey,
  MISSING_API_KEY,
  UNSUPPORTED_SCHEMA,
} from './errors/fallback-on.js';
export { WidgetExtractionError } from './widgets/widget-extraction-error.js';
export {
  errorFromHttp,
  errorFromStreamFrame,
  isAbortLike,
  isConnectionFailure,
} from './errors/error-from-http.js';
export type { HttpErrorDetails, StreamErrorDetails } from './errors/error-from-http.js';
export {
  errorBeforeMapping,
  stainlessTransportError,
  unexpectedSdkError,
} from './errors/sdk-errors.js';
export type { SdkErrorContext } from './errors/sdk-errors.js';
export { redactErrorInPlace, redactSecrets, registerSecret } from './errors/redact-secrets.js';
export { parseDuration, parseRetryAfter, readHeader } from './errors/retry-after.js';
export type { HeaderSource } from './errors/retry-after.js';

// Time
export { systemClock } from './time/clock.js';
export type { Clock, TimerHandle } from './time/clock.js';

// Learned routing
export type { Outcome, OutcomeFeatures } from './learned/outcome.js';
export { createMemoryOutcomeStore } from './learned/outcome-store.js';
export type {
  MemoryOutcomeStore,
  MemoryOutcomeStoreOptions,
  OutcomeQuery,
  OutcomeStore,
} from './learned/outcome-store.js';
export { outcomeFeatures, trainRouter } from './learned/train-router.js';
export type { TrainRouterOptions } from './learned/train-router.js';
export { LearnedModel } from './learned/learned-model.js';
export type {
  LearnedModelEntry,
  LearnedModelInfo,
  WeightPrecision,
} from './learned/learned-model-data.js';
export { loadLearnedModel } from './learned/load-learned-model.js';
export type { LoadLearnedModelOptions } from './learned/load-learned-model.js';
export { ModelFileError } from './learned/model-file-error.js';
export type { ModelFileProblem } from './learned/model-file-error.js';
export { learnedCostPolicy, learnedTierPolicy } from './learned/learned-policies.js';
export type {
  LearnedCostPolicyOptions,
  LearnedTierPolicyOptions,
} from './learned/learned-policies.js';
export type { CostEstimateOptions, LearnedRoute } from './learned/cost-estimator.js';
export { tierThreshold } from './learned/tier-threshold.js';
export type { ScoredPrompt, TierTarget } from './learned/tier-threshold.js';
export { calibrateLambda } from './learned/calibrate-lambda.js';
export type {
  CostScoredPrompt,
  LambdaCalibration,
  LambdaCalibrationSet,
  LambdaTarget,
  LambdaTargetOptions,
} from './learned/calibrate-lambda.js';
export type { LearnedCandidate, LearnedDecision } from './learned/learned-decision.js';
export { crossFitRouter, scoredPrompts } from './learned/cross-fit.js';
export type { CrossFit, CrossFitFold, CrossFitOptions } from './learned/cross-fit.js';
export { createFeedbackRecorder } from './learned/feedback-recorder.js';
export type {
  Feedback,
  FeedbackRecorder,
  FeedbackRecorderOptions,
} from './learned/feedback-recorder.js';
