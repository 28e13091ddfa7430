// What `require('@switchyard/testing/contract')` loads. The contract suites call vitest's
// describe/it at import, and vitest is ESM-only, so a CommonJS build of them could never load:
// say so plainly instead of failing inside vitest.
throw new Error(
  '@switchyard/testing/contract is ESM-only: its suites run inside vitest, which cannot be ' +
    'loaded with require(). Import it from a test file that vitest runs (vitest treats test ' +
    "files as ESM even in a CommonJS project): import { runProviderContract } from '@switchyard/testing/contract'.",
);
