export type {
  ProvidersFromEnvOptions,
  SkippedVendor,
} from './providers-from-env.js';
export { providersFromEnv } from './providers-from-env.js';
export type { ProviderKeyVariable, VendorId } from './vendors.js';
