#!/usr/bin/env node
// The whole check the README promises: lint, typecheck, build, tests (plus the packaging checks
// and a short benchmark smoke run), the consumer test on the packed tarballs, then one plain
// summary: a line per stage and the count summed over every package's vitest JSON report and the
// consumer test's steps. The count is always the last line, even when something failed, so a run
// that executed no test is visible.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaceDirs = ['packages', 'packages/widgets', 'examples']
  .map((dir) => join(root, dir))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
      .map((entry) => join(dir, entry.name)),
  );

// Stale reports from an earlier run must not be counted; turbo restores them on a cache hit.
for (const dir of workspaceDirs)
  rmSync(join(dir, '.test-results'), { recursive: true, force: true });

rmSync(join(root, '.test-results', 'consumer.json'), { force: true });

// Piped output (CI, a log file) gets no ANSI colour codes. Vitest, turbo and Node honour NO_COLOR
// (and let it win over FORCE_COLOR); chalk-based tools such as attw only read FORCE_COLOR=0.
const piped = !process.stdout.isTTY;
const env = { ...process.env };
if (piped) {
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
}

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
const stages = [];
const stage = (name, code) => {
  stages.push(`${code === 0 ? 'ok    ' : 'FAILED'} ${name}`);
  return code;
};

let status = stage(
  'lint and format (biome)',
  run('pnpm', ['exec', 'biome', 'check', '.', ...(piped ? ['--colors=off'] : [])]),
);
status =
  stage(
    'typecheck, build, tests, packaging checks, bench smoke (turbo)',
    run('pnpm', [
      'exec',
      'turbo',
      'run',
      'typecheck',
      'build',
      'test',
      'test:package',
      'bench:smoke',
      '--continue',
      '--output-logs=new-only',
      ...(piped ? ['--no-color'] : []),
    ]),
  ) || status;
status =
  stage(
    'consumer test: packed tarballs installed with npm, ESM, CJS, tsc node16 and bundler',
    run(process.execPath, [join(root, '.ci', 'consumer-test.mjs')]),
  ) || status;

let passed = 0;
let failed = 0;
let reports = 0;
// Which tests failed, by file and title: CI keeps only the tail of the log, so they are repeated
// here, just above the summary.
const failures = [];
const reportFiles = [
  ...workspaceDirs.map((dir) => join(dir, '.test-results', 'vitest.json')),
  join(root, '.test-results', 'consumer.json'),
];
for (const file of reportFiles) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  for (const suite of report.testResults ?? []) {
    const where = suite.name ? suite.name.replace(root, '') : file.replace(root, '');
    const titles = (suite.assertionResults ?? [])
      .filter((test) => test.status === 'failed')
      .map((test) => {
        const why = (test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 160);
        return `${test.fullName ?? test.title}${why ? ` (${why})` : ''}`;
      });
    if (suite.status === 'failed' && titles.length === 0)
      titles.push(suite.message?.split('\n')[0] ?? 'failed to run');
    for (const title of titles) failures.push(`  ${where}: ${title}`);
  }
}
if (reports === 0 || passed === 0) status = status || 1;
if (failed > 0) status = status || 1;
const summary = `${passed} passed, ${failed} failed`;
mkdirSync(join(root, '.test-results'), { recursive: true });
writeFileSync(join(root, '.test-results', 'summary.txt'), `${summary}\n`);
if (failures.length > 0) console.log(`\nFailed tests\n${failures.slice(0, 30).join('\n')}`);
console.log(`\nSummary\n${stages.join('\n')}`);
console.log(summary);
process.exit(status);
