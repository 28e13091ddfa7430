#!/usr/bin/env node
// The whole check the README promises: lint, typecheck, build, tests (plus the packaging checks
// and a short benchmark smoke run), the consumer test on the packed tarballs, the matrix jobs of
// .ci/matrix.mjs (the tests on Node 22, 24 and 26, and on each SDK range end), then one plain
// summary: a line per stage and the count summed over every package's vitest JSON report, every
// matrix job's reports and the consumer test's steps. The count is always the last line, even when something failed, so a run
// that executed no test is visible.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobs } from './matrix.mjs';

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
rmSync(join(root, '.test-results', 'matrix'), { recursive: true, force: true });

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

// After the main stage, which built every package the jobs import. A job whose Node cannot be
// fetched exits non-zero and fails here; one that wrote no report is counted as a failure below.
const matrixJobs = jobs.map((job) => ({
  job,
  reports: job.dirs.map((dir) =>
    join(root, '.test-results', 'matrix', job.name, `${dir.replaceAll('/', '+')}.json`),
  ),
}));
for (const { job } of matrixJobs) {
  const what = job.matrix ? job.matrix : `core, adapters and examples`;
  status =
    stage(
      `matrix ${job.name}: ${what} on Node ${job.node}`,
      run(process.execPath, [join(root, '.ci', 'matrix-job.mjs'), job.name]),
    ) || status;
}

let passed = 0;
let failed = 0;
let reports = 0;
// Which tests failed, by file and title: CI keeps only the tail of the log, so they are repeated
// here, just above the summary.
const failures = [];
const reportFiles = [
  ...workspaceDirs.map((dir) => join(dir, '.test-results', 'vitest.json')),
  join(root, '.test-results', 'consumer.json'),
  ...matrixJobs.flatMap(({ reports: files }) => files),
];
const matrixReports = new Set(matrixJobs.flatMap(({ reports: files }) => files));
for (const file of reportFiles) {
  if (!existsSync(file)) {
    // A package's own report may be absent (no tests); a matrix job's must be there.
    if (matrixReports.has(file)) {
      failed += 1;
      failures.push(`  ${file.replace(root, '')}: no report (the job did not run its tests)`);
    }
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  // A matrix job runs files the main stage runs too: its failures name the job.
  const job = matrixReports.has(file) ? `[${file.split('/').at(-2)}] ` : '';
  for (const suite of report.testResults ?? []) {
    const where = job + (suite.name ? suite.name.replace(root, '') : file.replace(root, ''));
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
