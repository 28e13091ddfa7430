export type { DrainedStream } from './await-helpers.js';
export { drainStream, rejectionOf } from './await-helpers.js';
export type {
  FakeAnswer,
  FakeChatRequest,
  FakeRequest,
  FakeScriptType,
} from './fake-servers/fake-request.js';
export type { FakeEmbedRequest } from './fake-servers/fake-request.js';
export { FAKE_EMBEDDING_DIMENSIONS, fakeEmbedding } from './fake-servers/fake-embeddings.js';
export type {
  FakeDropScript,
  FakeErrorReason,
  FakeErrorScript,
  FakeHangScript,
  FakeRawScript,
  FakeReply,
  FakeReplyScript,
  FakeScript,
  FakeScriptSource,
  FakeScriptTiming,
  FakeStreamScript,
  FakeToolCall,
  FakeUsage,
} from './fake-servers/fake-script.js';
export type { FakeServer, FakeServerOptions } from './fake-servers/fake-server.js';
export { startFakeAnthropic } from './fake-servers/anthropic-fake.js';
export { startFakeGoogle } from './fake-servers/google-fake.js';
export { startFakeGroq } from './fake-servers/groq-fake.js';
export { startFakeOpenAI } from './fake-servers/openai-fake.js';
export type { MockFailure, MockFailureKind } from './mock-errors.js';
export { mockError } from './mock-errors.js';
export type {
  MockCall,
  MockLatency,
  MockMatcher,
  MockProvider,
  MockProviderOptions,
  MockReply,
  MockRule,
} from './mock-provider.js';
export { createMockProvider } from './mock-provider.js';
export type {
  FakeServerVendorOptions,
  MockVendorOptions,
  ScriptableServer,
  ScriptedReply,
  ScriptedRequest,
  ScriptedVendor,
} from './scripted-vendor.js';
export { fakeOpenAIVendor, fakeServerVendor, mockVendor } from './scripted-vendor.js';
export type { ReadEvents, ToolParameters } from './tool-loop-fixtures.js';
export { cityTool, readEvents, streamEventKinds, TWO_CITY_CALLS } from './tool-loop-fixtures.js';
export type { WidgetScenario, WidgetScenarioOptions } from './widget-scenarios.js';
export { widgetScenarios } from './widget-scenarios.js';
