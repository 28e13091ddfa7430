// Contract suites: the tests every implementation of a Switchyard interface must pass. This
// entry imports vitest; the main entry of the package does not.

export type { CacheStoreContractOptions } from './contract/cache-store-contract.js';
export { runCacheStoreContract, sampleCacheEntry } from './contract/cache-store-contract.js';
export type { SessionStoreContractOptions } from './contract/session-store-contract.js';
export { runSessionStoreContract } from './contract/session-store-contract.js';
