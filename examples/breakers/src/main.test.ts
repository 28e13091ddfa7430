import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('breaker example', () => {
  it('shows the breaker opening, failing fast, and recovering', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
    });
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    const line = (label: string) => lines.find((l) => l.includes(`${label}:`)) ?? '';
    expect(line('request 1')).toContain('openai failed (server) → anthropic ok; openai called');
    expect(line('request 5')).toContain('openai called');
    expect(stdout).toMatch(/breaker openai:gpt-4o-mini: closed → open/);
    expect(line('request 6')).toContain(
      'openai skipped (breaker-open) → anthropic ok; openai NOT called',
    );
    expect(line('request 7')).toContain('openai NOT called');
    expect(stdout).toMatch(/breaker openai:gpt-4o-mini: open → half-open/);
    expect(line('request 8')).toContain('answer from openai');
    expect(stdout).toMatch(/breaker openai:gpt-4o-mini: half-open → closed/);
    expect(line('request 10')).toContain('answer from openai');
    expect(stdout).toMatch(/health: ok; openai:gpt-4o-mini closed/);
  });
});
