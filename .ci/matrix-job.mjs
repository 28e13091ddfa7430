#!/usr/bin/env node
// Runs one job of .ci/matrix.mjs: `node .ci/matrix-job.mjs <job name>`. On the Node line the job
// needs: the machine's Node when it is that line, else `npx -y -p node@<line>`, which downloads
// Node from the npm registry (cached by npx after the first run). A download or a wrong Node is a
// failed job, never a skipped one. Each package's tests run through vitest.matrix.ts and write
// their JSON report to .test-results/matrix/<job>/<package folder>.json, which check.mjs counts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { jobs } from './matrix.mjs';

const root = new URL('..', import.meta.url).pathname;
const name = process.argv[2];
const job = jobs.find((j) => j.name === name);
if (job === undefined) {
  console.error(`matrix-job: no job "${name}"; jobs: ${jobs.map((j) => j.name).join(', ')}`);
  process.exit(2);
}

/** The exit code of a job whose tests ran and failed, told apart from a Node that did not run. */
const TESTS_FAILED = 3;
const major = Number(process.versions.node.split('.')[0]);
if (major !== job.node) {
  if (process.env.SWITCHYARD_MATRIX_INNER === '1') {
    // npx gave us another Node than the one asked for: fail rather than test the wrong line.
    console.error(`matrix-job ${name}: needs Node ${job.node}, running on ${process.version}`);
    process.exit(1);
  }
  const self = join(root, '.ci', 'matrix-job.mjs');
  const result = spawnSync(
    'npx',
    ['-y', '-p', `node@${job.node}`, '-c', `node ${JSON.stringify(self)} ${JSON.stringify(name)}`],
    { stdio: 'inherit', env: { ...process.env, SWITCHYARD_MATRIX_INNER: '1' } },
  );
  if (result.status === TESTS_FAILED)
    console.error(`matrix-job ${name}: tests FAILED on Node ${job.node} (named above)`);
  else if (result.status !== 0)
    console.error(
      `matrix-job ${name}: FAILED, could not run on Node ${job.node} ` +
        `(exit ${result.status ?? result.signal}); \`npx -y -p node@${job.node} -c "node --version"\` shows why`,
    );
  process.exit(result.status ?? 1);
}

console.log(`\nmatrix job ${name}: Node ${process.version}${job.matrix ? `, ${job.matrix}` : ''}`);
const reportDir = join(root, '.test-results', 'matrix', name);
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
let status = 0;
for (const dir of job.dirs) {
  const report = join(reportDir, `${dir.replaceAll('/', '+')}.json`);
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', join(root, 'vitest.matrix.ts'), ...job.args],
    {
      cwd: join(root, dir),
      stdio: 'inherit',
      env: {
        ...process.env,
        SWITCHYARD_MATRIX: job.matrix ?? '',
        SWITCHYARD_MATRIX_REPORT: report,
      },
    },
  );
  if (result.status !== 0) {
    console.error(`matrix job ${name}: ${dir} FAILED (exit ${result.status ?? result.signal})`);
    status = TESTS_FAILED;
  }
}
process.exit(status);
