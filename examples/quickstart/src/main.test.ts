import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const NO_KEYS = {
  OPENAI_API_KEY: '',
  ANTHROPIC_API_KEY: '',
  GOOGLE_API_KEY: '',
  GEMINI_API_KEY: '',
  GROQ_API_KEY: '',
};

describe('quickstart', () => {
  it('runs end to end on the mock providers and prints each route', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, ...NO_KEYS },
    });
    expect(stderr).toBe('');
    expect(stdout).toContain('running on mock providers');
    expect(stdout).toContain('A: Paris.');
    expect(stdout).toMatch(/attempt 1: openai:gpt-4o-mini ok/);
    expect(stdout).toMatch(
      /tier strong · category coding · complex · candidates anthropic:claude-sonnet-4-5 → openai:gpt-4o/,
    );
    expect(stdout).toMatch(/tier fast · category general · simple · candidates openai:gpt-4o-mini/);
    expect(stdout).toMatch(/attempt 1: openai:gpt-4o-mini failed: server/);
    expect(stdout).toMatch(/attempt 2 \(retry 1\): openai:gpt-4o-mini failed: server/);
    expect(stdout).toMatch(/attempt 3: anthropic:claude-3-5-haiku-latest ok/);
    expect(stdout).toContain('breakers rest while vendors heal');
  });
});
