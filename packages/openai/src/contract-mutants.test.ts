import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { MUTANTS } from './contract-mutants.fixture.js';

// The contract suite must fail when a mapping breaks. This runs it (in a child vitest) against
// the OpenAI adapter sabotaged one way at a time and checks that each sabotage fails the tests
// that guard it, while the suite's untouched tests still pass.

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);

// For each sabotage, a test that must catch it (title fragments).
const CAUGHT_BY: Record<keyof typeof MUTANTS, string> = {
  'drops the system prompt': 'sends the system prompt apart',
  'ignores temperature': 'sends temperature, top-p, max tokens and stop sequences',
  'ignores stop sequences': 'sends temperature, top-p, max tokens and stop sequences',
  'ignores tool choice': 'sends tools with each tool choice',
  'ignores the response format': 'asks for JSON matching a schema, natively',
  'reports no usage in streams': 'streams text deltas, then one finish with usage',
  'always says stop': 'streams the finish reason for a length stop',
  'loses tool-call ids': 'assembles streamed tool-call arguments across deltas',
  'reports a broken stream as a clean finish': 'treats a stream cut after some content',
  'ignores the abort signal': 'aborts a stream mid-way and closes its connection',
  'retries on its own': 'maps HTTP 503 to server',
  'throws untyped errors': 'maps HTTP 429 to rate-limit',
};

interface Assertion {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
}

describe('the provider contract catches broken adapters', () => {
  it('fails each sabotaged mapping in the test that guards it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-mutants-'));
    const report = join(dir, 'report.json');
    try {
      await run(process.execPath, [vitest, 'run', '--config', 'vitest.mutants.config.ts'], {
        cwd: root,
        env: { ...process.env, MUTANTS_REPORT: report },
      }).catch(() => undefined); // failing tests are the point; the report says which
      const results = JSON.parse(await readFile(report, 'utf8')) as {
        testResults: { assertionResults: Assertion[] }[];
      };
      const assertions = results.testResults.flatMap((file) => file.assertionResults);
      for (const [mutant, guard] of Object.entries(CAUGHT_BY)) {
        const suite = `provider contract: mutant that ${mutant}`;
        const mine = assertions.filter((a) => a.ancestorTitles[0] === suite);
        expect(mine.length, suite).toBeGreaterThan(40);
        const guarding = mine.filter((a) => a.title.includes(guard));
        expect(guarding.length, `${suite}: no test titled "${guard}"`).toBeGreaterThan(0);
        expect(
          guarding.some((a) => a.status === 'failed'),
          `${suite}: "${guard}" should fail`,
        ).toBe(true);
        // The suite itself ran: what the sabotage cannot touch still passes.
        const identity = mine.filter((a) => a.ancestorTitles.includes('identity'));
        expect(
          identity.map((a) => a.status),
          suite,
        ).toEqual(['passed', 'passed']);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
