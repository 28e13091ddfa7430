// The extra CI jobs that `.ci/check.mjs` runs after its turbo stage (decision 093): the tests of
// core, the adapters and the examples on every maintained Node line, and each adapter's tests
// against the lowest and the highest version of its SDK's peer range (and core and the widgets
// against zod 3.25), on the Node line that version needs. `.ci/matrix-job.mjs` runs one job;
// `vitest.matrix.ts` swaps the SDK for its alias devDependency.

/**
 * The range ends. `peer` is the import the adapter makes; `alias` the devDependency that holds
 * the version (`"openai-lowest": "npm:openai@6.0.0"`), installed in every package of `dirs`.
 * A version here and in that package.json move together: vitest.matrix.ts refuses to run when
 * the installed alias is another version.
 */
export const rangeEnds = [
  {
    peer: 'openai',
    alias: 'openai-lowest',
    version: '6.0.0',
    node: 20,
    dirs: ['packages/openai'],
  },
  // openai 7 declares Node >=22.
  {
    peer: 'openai',
    alias: 'openai-highest',
    version: '7.59.0',
    node: 22,
    dirs: ['packages/openai'],
  },
  {
    peer: '@anthropic-ai/sdk',
    alias: 'anthropic-sdk-lowest',
    version: '0.50.1',
    node: 20,
    dirs: ['packages/anthropic'],
  },
  {
    peer: '@anthropic-ai/sdk',
    alias: 'anthropic-sdk-highest',
    version: '1.14.0',
    node: 20,
    dirs: ['packages/anthropic'],
  },
  {
    peer: 'groq-sdk',
    alias: 'groq-sdk-lowest',
    version: '1.1.1',
    node: 20,
    dirs: ['packages/groq'],
  },
  {
    peer: 'groq-sdk',
    alias: 'groq-sdk-highest',
    version: '1.6.0',
    node: 20,
    dirs: ['packages/groq'],
  },
  // Every project of packages/google runs: the `genai` project, and the files that run on both SDKs
  // (`describe.each(SDKS)`, decision 098) inside the `generative-ai` one, take the alias alike.
  {
    peer: '@google/genai',
    alias: 'google-genai-lowest',
    version: '2.32.0',
    node: 20,
    dirs: ['packages/google'],
  },
  // @google/genai 3 declares Node >=22.
  {
    peer: '@google/genai',
    alias: 'google-genai-highest',
    version: '3.3.0',
    node: 22,
    dirs: ['packages/google'],
  },
  // The design card's deprecated SDK: its lowest version (the pinned 0.24.1, the highest 0.24.x,
  // runs in the main stage).
  {
    peer: '@google/generative-ai',
    alias: 'google-generative-ai-lowest',
    version: '0.16.0',
    node: 20,
    dirs: ['packages/google'],
  },
  // zod 4 (the devDependency, 4.6.7, the newest) runs in the main stage; 3.25.76 is the first
  // zod 3 whose `zod/v4` has everything core uses (decision 094).
  {
    peer: 'zod',
    alias: 'zod-lowest',
    version: '3.25.76',
    node: 20,
    dirs: [
      'packages/core',
      'packages/widgets/attendance',
      'packages/widgets/general',
      'packages/widgets/lesson-plan',
      'packages/widgets/meal-plan',
      'packages/widgets/workout-plan',
    ],
  },
];

/** What runs on every Node line other than the machine's: core, the adapters, the examples. */
export const nodeLineDirs = [
  'packages/core',
  'packages/openai-compatible',
  'packages/openai',
  'packages/anthropic',
  'packages/groq',
  'packages/google',
  'packages/env',
  'packages/http',
  'packages/redis',
  'examples/benchmark',
  'examples/breakers',
  'examples/dashboard',
  'examples/http',
  'examples/learned-routing',
  'examples/multi-instance',
  'examples/observability',
  'examples/quickstart',
  'examples/tools',
  'examples/widgets',
];

/** The maintained Node lines besides the machine's 20 (`engines` still says >=20.19.0). */
export const nodeLines = [22, 24, 26];

/**
 * Every job, in the order CI runs them: a name (also the folder of its reports under
 * `.test-results/matrix/`), the Node major it needs, the package folders, and for a range end
 * the `SWITCHYARD_MATRIX` value (`<peer>@<version>`) and extra vitest arguments.
 */
export const jobs = [
  ...nodeLines.map((node) => ({ name: `node-${node}`, node, dirs: nodeLineDirs, args: [] })),
  ...rangeEnds.map((end) => ({
    name: `${end.alias}-${end.version}`,
    node: end.node,
    dirs: end.dirs,
    matrix: `${end.peer}@${end.version}`,
    args: end.args ?? [],
  })),
];
