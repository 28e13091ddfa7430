import { defineConfig } from 'vitest/config';

// The tests that hold for both Google SDKs (they import `createGoogle` from sdk-under-test.ts)
// run a second time on @google/genai, in the `genai` project.
const BOTH_SDKS = [
  'src/google-reasoning.test.ts',
  'src/google-tools.test.ts',
  'src/google-router.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'generative-ai', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'genai', include: BOTH_SDKS, env: { SWITCHYARD_GOOGLE_SDK: 'genai' } },
      },
    ],
  },
});
