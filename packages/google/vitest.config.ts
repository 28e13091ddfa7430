import { defineConfig } from 'vitest/config';

// Two projects, one per Google SDK. The tests that hold for both (they import `createGoogle` from
// sdk-under-test.ts) run in each; google-genai-*.test.ts are @google/genai's own, the other
// google-*.test.ts @google/generative-ai's.
const BOTH_SDKS = [
  'src/google-reasoning.test.ts',
  'src/google-tools.test.ts',
  'src/google-router.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'generative-ai',
          include: ['src/**/*.test.ts'],
          exclude: ['src/google-genai-*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'genai',
          include: [...BOTH_SDKS, 'src/google-genai-*.test.ts'],
          env: { SWITCHYARD_GOOGLE_SDK: 'genai' },
        },
      },
    ],
  },
});
