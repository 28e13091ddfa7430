import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('multi-instance example', () => {
  it('shows a shared cache hit and a breaker opened by one instance seen by the other', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
    });
    expect(stderr).toBe('');
    expect(stdout).toContain('[A] "What is the capital of France?" → openai; openai called 1×');
    expect(stdout).toContain(
      '[B] "What is the capital of France?" → openai (shared cache hit); openai called 0×',
    );
    expect(stdout).toContain('[A] breaker openai:gpt-4o-mini: closed → open');
    expect(stdout).toContain('[B] breaker openai:gpt-4o-mini: closed → open');
    expect(stdout).toContain('[B] "A new question for B?" → anthropic; openai called 0×');
    // Both went half-open; the one without the fleet's trial slot opened again.
    expect(stdout).toMatch(/\[[AB]\] breaker openai:gpt-4o-mini: half-open → open/);
    const trials = stdout.match(/"Trial question for [AB]\?" → \w+/g) ?? [];
    expect(trials.map((t) => t.split('→ ')[1]).sort()).toEqual(['anthropic', 'openai']);
  });
});
