// The provider contract suite. A separate entry because it imports vitest, an optional peer of
// this package: the main entry must load without it.
export type {
  ProviderContractFeatures,
  ProviderContractOptions,
} from './contract/provider-contract.js';
export { runProviderContract } from './contract/provider-contract.js';
