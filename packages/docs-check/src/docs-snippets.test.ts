import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extractSnippets } from './extract-snippets.js';

// Every ```ts block in docs/*.md is type-checked against the built packages, each as a module of
// its own, with `snippet-context.d.ts` declaring what a page introduced before (a router, its
// providers, a request). A block that cannot stand alone is marked on the line before its fence
// with `<!-- docs-check: skip (why) -->`. A snippet that is a test (it imports from 'vitest')
// also runs, as part of this suite.

const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));
const out = fileURLToPath(new URL('../.snippets/', import.meta.url));
const context = fileURLToPath(new URL('./snippet-context.d.ts', import.meta.url));

const snippets = extractSnippets(docs);
const checked = snippets.filter((s) => s.skip === undefined);
const fileOf = (where: string) => `${out}${where.replace(/[^A-Za-z0-9]+/g, '-')}.ts`;

// Written at load time: the snippets that are tests are imported below, while the file loads,
// before any describe block runs.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const snippet of checked) writeFileSync(fileOf(snippet.where), `${snippet.code}\n`);

function diagnose(): Map<string, string[]> {
  const program = ts.createProgram([context, ...checked.map((s) => fileOf(s.where))], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    types: ['node', 'vitest/globals'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
  });
  const byFile = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? '(options)';
    const line =
      d.file !== undefined && d.start !== undefined
        ? d.file.getLineAndCharacterOfPosition(d.start).line + 1
        : 0;
    const list = byFile.get(file) ?? [];
    list.push(`line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    byFile.set(file, list);
  }
  return byFile;
}

describe('docs snippets', () => {
  const problems = diagnose();

  it('finds the snippets, and every skip gives its reason', () => {
    expect(checked.length).toBeGreaterThan(20);
    for (const s of snippets) if (s.skip !== undefined) expect(s.skip.length).toBeGreaterThan(5);
    expect([...problems.keys()].filter((f) => !f.startsWith(out))).toEqual([]);
  });

  it.each(checked.map((s) => [s.where]))('%s type-checks as written', (where) => {
    expect(problems.get(fileOf(where)) ?? []).toEqual([]);
  });
});

const tests = checked.filter((s) => /from 'vitest';/.test(s.code));
describe('docs snippets that are tests, run as written', () => {
  it('there is at least one (testing.md "Time")', () => {
    expect(tests.length).toBeGreaterThan(0);
  });
});
for (const snippet of tests) {
  await import(fileOf(snippet.where));
}
