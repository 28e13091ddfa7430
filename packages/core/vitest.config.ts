import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Core's own tests drive the router with @switchyard/testing's mock provider. A package
// dependency would make a cycle (testing depends on core), so both resolve to source here.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@switchyard/core': source('./src/index.ts'),
      '@switchyard/testing/contract': source('../testing/src/contract.ts'),
      '@switchyard/testing': source('../testing/src/index.ts'),
    },
  },
  test: {
    // Loading the vendor SDKs and spawning builds is slow on a busy 2-core CI machine; no test
    // here asserts speed, so the default 5 s limit only turns load into failures.
    testTimeout: 30_000,
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
