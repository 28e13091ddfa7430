import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

// API keys cleared: the example must run on mocks and fake servers alone.
const env = { ...process.env };
for (const key of [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GOOGLE_API_KEY',
  'GEMINI_API_KEY',
  'GROQ_API_KEY',
])
  delete env[key];

describe('benchmark example', () => {
  it('prints a score table per run and routes math to the vendor that answers it right, then follows the swap', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env,
    });
    expect(stderr).toBe('');
    const sections = stdout.split(/^=== /m).slice(1);
    expect(sections).toHaveLength(2);
    for (const section of sections) {
      // The right vendor scores full quality everywhere: every starter test accepts a good answer.
      expect(section).toMatch(/^math\s+openai:gpt-4o-mini\s+\d\.\d{3}\s+100\s/m);
      expect(section).toMatch(/^math\s+groq:llama-3\.1-8b-instant\s+\d\.\d{3}\s+5\s/m);
      for (const category of ['coding', 'research', 'language', 'empathy', 'general']) {
        expect(section).toMatch(
          new RegExp(`^${category}\\s+openai:gpt-4o-mini\\s+\\d\\.\\d{3}\\s+100\\s`, 'm'),
        );
      }
      expect(section).toMatch(
        /run bench-\S+: 60 tests, estimate \$0\.\d{6}, spent \$0\.\d{6} \(cap \$0\.05\)/,
      );
      const [, withScores, afterSwap] = section.split(
        /Routing with these scores:|After a new math run/,
      );
      expect(withScores).toMatch(
        /math\s+→ openai:gpt-4o-mini\s+\(best math scorer: openai:gpt-4o-mini .*from benchmark run/,
      );
      expect(withScores).toMatch(/coding\s+→ groq:llama-3\.1-8b-instant/);
      expect(afterSwap).toMatch(/math\s+→ groq:llama-3\.1-8b-instant\s+\(best math scorer: groq/);
    }
    expect(stdout).toMatch(/No API keys set.*Real vendors skipped/);
  }, 60_000);
});
