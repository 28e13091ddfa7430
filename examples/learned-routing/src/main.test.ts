import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('learned routing example', () => {
  it('trains, saves and loads a model, routes hard prompts to the strong model, and records feedback', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/model: openai:gpt-4o, openai:gpt-4o-mini; \d+ bytes/);
    // The two showcase prompts, and only they: a concurrency bug goes strong, a lookup goes cheap,
    // with the reasons.
    expect(stdout.match(/^"/gm)).toHaveLength(2);
    expect(stdout).toMatch(
      /"Our queue service deadlocks under load\.[^"]*"\n {2}→ openai:gpt-4o: predicted/,
    );
    expect(stdout).toMatch(/"What is the capital of Peru\?"\n {2}→ openai:gpt-4o-mini: predicted/);
    expect(stdout).toMatch(/threshold \d\.\d{3} → strong; est\. cost openai:gpt-4o \$0\.003/);
    const share = Number(/sent to openai:gpt-4o: \d+ \((\d+)%\)/.exec(stdout)?.[1]);
    const quality = Number(/quality: (\d+)% of all-strong/.exec(stdout)?.[1]);
    const cost = Number(/cost: (\d+)% of all-strong/.exec(stdout)?.[1]);
    expect(share).toBeGreaterThan(20);
    expect(share).toBeLessThan(70);
    expect(quality).toBeGreaterThanOrEqual(95);
    expect(cost).toBeLessThan(70);
    expect(stdout).toContain('outcomes recorded by router.feedback: 60');
  });
});
