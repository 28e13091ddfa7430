import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Loading the vendor SDKs and spawning builds is slow on a busy 2-core CI machine; no test
    // here asserts speed, so the default 5 s limit only turns load into failures.
    testTimeout: 30_000,
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
