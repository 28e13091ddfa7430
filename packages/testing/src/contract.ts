// Contract suites: the tests every implementation of a Switchyard interface must pass. A separate
// entry because it imports vitest, an optional peer of this package: the main entry must load
// without it.

export type { CacheStoreContractOptions } from './contract/cache-store-contract.js';
export { runCacheStoreContract, sampleCacheEntry } from './contract/cache-store-contract.js';
export type { OutcomeStoreContractOptions } from './contract/outcome-store-contract.js';
export { runOutcomeStoreContract, sampleOutcome } from './contract/outcome-store-contract.js';
export type {
  ProviderContractFeatures,
  ProviderContractOptions,
} from './contract/provider-contract.js';
export { runProviderContract } from './contract/provider-contract.js';
export type { ScoreStoreContractOptions } from './contract/score-store-contract.js';
export { runScoreStoreContract, sampleScore } from './contract/score-store-contract.js';
export type { SessionStoreContractOptions } from './contract/session-store-contract.js';
export { runSessionStoreContract } from './contract/session-store-contract.js';
