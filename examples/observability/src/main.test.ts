import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('observability example', () => {
  it('prints the per-provider table, percentiles, cost, cache hit rate and breaker history', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Per provider \(attempt level\)/);
    expect(stdout).toMatch(
      /^groq\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+ ms\s+\d+ ms\s+\d+ ms\s+\d+\s+\$\d+\.\d{5}$/m,
    );
    // 200 requests, plus 40 for each extra round it took groq's breaker to close again.
    const requests = Number(/requests (\d+), errors \d+/.exec(stdout)?.[1]);
    expect(requests).toBeGreaterThanOrEqual(200);
    expect((requests - 200) % 40).toBe(0);
    expect(stdout).toMatch(/cost \$0\.\d{5}/);
    const hitRate = Number(/hit rate ([\d.]+)%/.exec(stdout)?.[1]);
    expect(hitRate).toBeGreaterThan(10);
    expect(stdout).toMatch(/groq:llama-3\.1-8b-instant: closed → open/);
    expect(stdout).toMatch(/groq:llama-3\.1-8b-instant: open → half-open/);
    expect(stdout).toMatch(/groq:llama-3\.1-8b-instant: half-open → closed/);
    // Every strong request past the limit is rerouted: the first one is printed, the rest counted.
    expect(stdout.match(/strong-daily: reroute to fast/g)).toHaveLength(1);
    expect(stdout).toMatch(
      /strong-daily: reroute to fast at \$0\.\d{4} of \$0\.04(?: \(and \d+ more like it\))?\n/,
    );
    expect(stdout).toMatch(
      /strong spend \$0\.\d{4} passes the \$0\.04 limit: a reroute budget does not refuse/,
    );
    // No error kinds: a plain count, not an empty map.
    expect(stdout).toMatch(
      /requests \d+, errors \d+(?: \([a-z-]+ \d+(?:, [a-z-]+ \d+)*\))?, retries/,
    );
    expect(stdout).not.toContain('{}');
  }, 60_000);
});
