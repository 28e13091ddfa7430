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
