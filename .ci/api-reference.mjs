#!/usr/bin/env node
// Checks that the committed API reference (docs/api) is what TypeDoc makes of the sources today:
// regenerates it into a temporary directory and compares the two trees file by file. Pages carry
// no source line numbers (typedoc.json: disableSources), so only a change to an export or its
// TSDoc makes them differ. Run `pnpm docs:api` to update docs/api. Needs the packages built.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const committed = join(root, 'docs', 'api');
const fresh = mkdtempSync(join(tmpdir(), 'switchyard-api-'));

const files = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();

try {
  const made = spawnSync('pnpm', ['exec', 'typedoc', '--out', fresh, '--logLevel', 'Error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (made.status !== 0) {
    console.error('API reference: TypeDoc failed.');
    process.exit(1);
  }
  const before = files(committed);
  const after = files(fresh);
  const differ = [
    ...before.filter((f) => !after.includes(f)).map((f) => `removed: ${f}`),
    ...after.filter((f) => !before.includes(f)).map((f) => `new: ${f}`),
    ...after
      .filter((f) => before.includes(f))
      .filter((f) => !readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f))))
      .map((f) => `changed: ${f}`),
  ];
  if (differ.length > 0) {
    console.error(
      `API reference: docs/api is stale (${differ.length} pages). Run \`pnpm docs:api\` and commit docs/api.`,
    );
    for (const line of differ.slice(0, 20)) console.error(`  ${line}`);
    process.exit(1);
  }
  console.log(`API reference: docs/api matches the sources (${after.length} pages).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
