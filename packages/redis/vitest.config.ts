import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One Redis is shared by every file, and some tests count its commands or pause it: one file at a time.
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
