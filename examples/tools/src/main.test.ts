import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('tools example', () => {
  it('runs the three travel tools in parallel, loading only the travel domain', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/tool weather \(step 1\): ok/);
    expect(stdout).toMatch(/tool route \(step 1\): ok/);
    expect(stdout).toMatch(/tool budget \(step 1\): ok/);
    expect(stdout).toContain('offered: weather, route, budget (domain travel)');
    expect(stdout).toContain('domains loaded: travel 1 time, billing 0 times');
    expect(stdout).toContain('model turns: 2; limit reached: false');
    const whole = Number(/whole loop (\d+) ms/.exec(stdout)?.[1]);
    // Three 200 ms tools in sequence would take 600 ms.
    expect(whole).toBeGreaterThanOrEqual(190);
    expect(whole).toBeLessThan(550);
    expect(stdout).toMatch(
      /tool schemas: [1-9]\d* tokens per turn; saved against offering all tools: [1-9]\d* tokens\n/,
    );
    expect(stdout).toContain('answer: Lyon on 5 December');
  });
});
