import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    // The browser test and the server test each start a server; one file at a time keeps the
    // 2-core CI machine from timing them out.
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
