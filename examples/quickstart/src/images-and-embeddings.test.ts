import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

describe('images and embeddings example', () => {
  it('routes an image past a text-only model, and embeds with fallback, cost and a cache hit', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/images-and-embeddings.ts'],
      { cwd: root, env: { ...process.env, OPENAI_API_KEY: '' } },
    );
    expect(stderr).toBe('');
    expect(stdout).toContain('image: A single red pixel. (openai:gpt-4o-mini)');
    expect(stdout).toContain('openai:gpt-3.5-turbo skipped (capability)');
    expect(stdout).toContain('embedded 3 texts, 8 numbers each, by google:gemini-embedding-001');
    expect(stdout).toContain('route: text-embedding-3-small error, gemini-embedding-001 success');
    expect(stdout).toMatch(/cost: \$0\.0000\d+ for \d+ tokens; again: cached true, \$0/);
  });
});
