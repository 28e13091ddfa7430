import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mergeConfig, type UserConfig } from 'vitest/config';
import { rangeEnds } from './.ci/matrix.mjs';

// A package's own vitest config, run for a CI matrix job (decision 093). Run it from the package
// folder: `npx vitest run --config ../../vitest.matrix.ts`.
// - SWITCHYARD_MATRIX=<peer>@<version> (a range end in .ci/matrix.mjs, e.g. `openai@6.0.0`)
//   resolves every import of the peer, subpaths included, to its alias devDependency
//   (`openai-lowest`), so the package's tests run against that version.
// - SWITCHYARD_MATRIX_REPORT=<file> writes the JSON report there instead of the package's
//   `.test-results/vitest.json`, which belongs to the main turbo stage.

const cwd = process.cwd();
const require = createRequire(import.meta.url);
// vite is vitest's dependency, not ours: load it from where vitest resolves it.
const vite: typeof import('vite') = await import(
  pathToFileURL(createRequire(require.resolve('vitest/package.json')).resolve('vite')).href
);

const own = await vite.loadConfigFromFile(
  { command: 'serve', mode: 'test' },
  join(cwd, 'vitest.config.ts'),
  cwd,
);
if (own === null) throw new Error(`vitest.matrix.ts: no vitest.config.ts in ${cwd}`);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function aliasFor(spec: string | undefined): NonNullable<UserConfig['resolve']>['alias'] {
  if (spec === undefined || spec === '') return [];
  const end = rangeEnds.find((e) => `${e.peer}@${e.version}` === spec);
  if (end === undefined) {
    const known = rangeEnds.map((e) => `${e.peer}@${e.version}`).join(', ');
    throw new Error(`SWITCHYARD_MATRIX=${spec} is not a range end in .ci/matrix.mjs (${known})`);
  }
  // The alias must be installed here, at the version the job names: a stale lockfile or a
  // package.json edited on one side only would otherwise test the wrong SDK and still pass.
  const manifest = join(cwd, 'node_modules', end.alias, 'package.json');
  if (!existsSync(manifest))
    throw new Error(`${end.alias} is not installed in ${cwd}: add it to its devDependencies`);
  const installed = JSON.parse(readFileSync(manifest, 'utf8')).version;
  if (installed !== end.version)
    throw new Error(`${end.alias} is ${installed} in ${cwd}, the matrix names ${end.version}`);
  console.log(`matrix: ${end.peer} resolves to ${end.alias} (${installed})`);
  return [{ find: new RegExp(`^${escapeRegExp(end.peer)}(/.*)?$`), replacement: `${end.alias}$1` }];
}

const merged = mergeConfig(own.config, {
  root: cwd,
  resolve: { alias: aliasFor(process.env.SWITCHYARD_MATRIX) },
});
const report = process.env.SWITCHYARD_MATRIX_REPORT;
if (report !== undefined && report !== '') {
  // Replaced, not merged: the package's own json reporter would overwrite the main report.
  merged.test = {
    ...merged.test,
    reporters: ['dot', ['json', { outputFile: resolve(cwd, report) }]],
  };
}

export default merged;
