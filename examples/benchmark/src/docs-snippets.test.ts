import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// Every TypeScript snippet of docs/benchmarks.md runs as written (from this package, whose
// dependencies the snippets import).
const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(
  fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url)),
  'utf8',
);
const snippets = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const dir = `${root}.snippets`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/benchmarks.md snippets', () => {
  it('has snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
  });

  snippets.forEach((code, i) => {
    it(`snippet ${i + 1} runs`, async () => {
      mkdirSync(dir, { recursive: true });
      const file = `${dir}/snippet-${i + 1}.ts`;
      writeFileSync(file, code);
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file], {
        cwd: root,
      });
      expect(stderr).toBe('');
      if (code.includes("id: 'careful'")) {
        expect(stdout).toMatch(/^math careful:c1 0\.8\d* quality 100$/m);
        expect(stdout).toMatch(/^careful$/m);
        expect(stdout).toMatch(
          /best math scorer: careful:c1 \(0\.8\d*\), from benchmark run bench-/,
        );
      }
      if (code.includes('scheduleBenchmarks'))
        expect(stdout).toMatch(/^start\s*\nfinish bench-\S+\s*\n1$/m);
    }, 30_000);
  });
});
