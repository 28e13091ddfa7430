import { defineConfig } from 'vitest/config';

// Runs only the sabotaged adapters of src/contract-mutants.fixture.ts; used by
// src/contract-mutants.test.ts, which reads the report from MUTANTS_REPORT.
export default defineConfig({
  test: {
    include: ['src/contract-mutants.fixture.ts'],
    // The real contract tests take milliseconds; a sabotaged abort would otherwise wait out 5 s.
    testTimeout: 2_000,
    reporters: [
      ['json', { outputFile: process.env.MUTANTS_REPORT ?? '.test-results/mutants.json' }],
    ],
  },
});
