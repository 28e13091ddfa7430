#!/usr/bin/env node
// The consumer test: packs every public package as it would be published, installs the tarballs
// with npm into a fresh project outside the workspace (so nothing resolves through workspace
// links), then runs an ESM script, a CommonJS script and `tsc` with moduleResolution node16 and
// bundler against them. Needs the packages built (`pnpm build`). Each step counts as one test in
// `.test-results/consumer.json`, which `.ci/check.mjs` adds to its summary.
//
// Usage: node .ci/consumer-test.mjs [--keep]   (--keep leaves the temporary project for a look)
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpm = rootPackage.packageManager; // pnpm@x.y.z, from the npm registry through npx
const work = mkdtempSync(join(tmpdir(), 'switchyard-consumer-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
mkdirSync(project, { recursive: true });

// Versions of the third-party packages the scripts use, as the workspace pins them.
const THIRD_PARTY = {
  zod: '4.6.7',
  openai: '6.49.0',
  typescript: '5.9.3',
  '@types/node': '20.19.43',
  '@opentelemetry/api': '1.9.0',
  '@opentelemetry/sdk-trace-base': '2.12.1',
};

const results = [];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_color: 'false' },
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** `run`, without blocking: the last four steps run side by side. */
function runAsync(cmd, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ ok: false, output: String(error) }));
    child.on('close', (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}

async function step(name, action) {
  const started = Date.now();
  let outcome;
  try {
    outcome = await action();
  } catch (error) {
    outcome = {
      ok: false,
      output: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: outcome.ok });
  console.log(`${outcome.ok ? 'ok  ' : 'FAIL'} consumer: ${name} (${seconds} s)`);
  if (!outcome.ok)
    console.log(
      outcome.output
        .split('\n')
        .map((l) => `     ${l}`)
        .join('\n'),
    );
  return outcome.ok;
}

// Every package under packages/ that is published: private ones (the bench, the docs check) are not.
function publicPackages() {
  const names = [];
  for (const dir of ['packages', 'packages/widgets']) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const manifest = join(root, dir, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (pkg.private !== true) names.push(pkg.name);
    }
  }
  return names;
}

const packed = await step('pack every public package', () => {
  const r = run(
    'npx',
    [
      '-y',
      pnpm,
      '-r',
      ...publicPackages().flatMap((name) => ['--filter', name]),
      'pack',
      '--pack-destination',
      tarballs,
    ],
    root,
  );
  if (!r.ok) return r;
  const files = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
  return files.length > 0 ? { ok: true } : { ok: false, output: 'no tarball was written' };
});

const manifestOf = (file) =>
  JSON.parse(
    spawnSync('tar', ['-xOzf', join(tarballs, file), 'package/package.json'], { encoding: 'utf8' })
      .stdout,
  );

if (packed) {
  await step('every tarball has repository, homepage, bugs, a README and a built dist', () => {
    const problems = [];
    for (const file of readdirSync(tarballs)) {
      const pkg = manifestOf(file);
      if (!pkg.repository?.url) problems.push(`${pkg.name}: no repository`);
      if (!pkg.homepage) problems.push(`${pkg.name}: no homepage`);
      if (!pkg.bugs?.url) problems.push(`${pkg.name}: no bugs`);
      const listing = spawnSync('tar', ['-tzf', join(tarballs, file)], { encoding: 'utf8' }).stdout;
      if (!listing.includes('package/README.md')) problems.push(`${pkg.name}: no README.md`);
      if (!listing.includes('package/dist/')) problems.push(`${pkg.name}: no dist`);
    }
    return { ok: problems.length === 0, output: problems.join('\n') };
  });
}

const installed =
  packed &&
  (await step('install the tarballs with npm into a fresh project', () => {
    const local = {};
    for (const file of readdirSync(tarballs)) {
      const pkg = manifestOf(file);
      local[pkg.name] = `file:${join(tarballs, file)}`;
    }
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        {
          name: 'switchyard-consumer',
          private: true,
          type: 'module',
          dependencies: { ...local, ...THIRD_PARTY },
          // Packages depend on each other by version range: resolve those to the tarballs too.
          overrides: local,
        },
        null,
        2,
      ),
    );
    cpSync(join(root, '.ci', 'consumer'), project, { recursive: true });
    return run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      project,
    );
  }));

if (installed) {
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  await Promise.all([
    step('ESM script', () => runAsync(process.execPath, ['esm.mjs'], project)),
    step('CommonJS script (telemetry, a widget, the mock provider, a fake vendor server)', () =>
      runAsync(process.execPath, ['cjs.cjs'], project),
    ),
    // node16 checks our .d.ts/.d.cts files too (skipLibCheck off); bundler skips library checks.
    step('tsc, moduleResolution node16 (ESM and CJS files)', () =>
      runAsync(process.execPath, [tsc, '-p', 'tsconfig.node16.json'], project),
    ),
    step('tsc, moduleResolution bundler', () =>
      runAsync(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], project),
    ),
  ]);
}

// zod 3.25 as the host's zod (decision 094): npm must accept it for every peer range, and core
// and a widget package must work on its `zod/v4`. Last, because it replaces the project's zod.
if (installed) {
  const swapped = await step('npm accepts zod 3.25.76 as the peer of core and the widgets', () =>
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', 'zod@3.25.76'],
      project,
    ),
  );
  if (swapped) {
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    await Promise.all([
      step('zod 3.25.76: a schema, a tool and a widget made on its zod/v4 work', () =>
        runAsync(process.execPath, ['zod3.mjs'], project),
      ),
      step('zod 3.25.76: tsc node16 on our declaration files with its zod/v4 types', () =>
        runAsync(process.execPath, [tsc, '-p', 'tsconfig.zod3.json'], project),
      ),
    ]);
  }
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
mkdirSync(join(root, '.test-results'), { recursive: true });
writeFileSync(
  join(root, '.test-results', 'consumer.json'),
  JSON.stringify({ numPassedTests: passed, numFailedTests: failed, steps: results }),
);
if (process.argv.includes('--keep')) console.log(`consumer project kept in ${project}`);
else rmSync(work, { recursive: true, force: true });
process.exit(failed > 0 || results.length === 0 ? 1 : 0);
