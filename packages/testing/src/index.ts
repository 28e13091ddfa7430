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
export { fakeServerVendor, mockVendor } from './scripted-vendor.js';
export type { WidgetScenario, WidgetScenarioOptions } from './widget-scenarios.js';
export { widgetScenarios } from './widget-scenarios.js';
