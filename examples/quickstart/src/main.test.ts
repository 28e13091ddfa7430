import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFakeAnthropic, startFakeGoogle, startFakeOpenAI } from '@switchyard/testing';
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
      /tier strong · category coding · complex · candidates anthropic:claude-sonnet-5 → openai:gpt-4o/,
    );
    expect(stdout).toMatch(/tier fast · category general · simple · candidates openai:gpt-4o-mini/);
    expect(stdout).toMatch(/attempt 1: openai:gpt-4o-mini failed: server/);
    expect(stdout).toMatch(/attempt 2 \(retry 1\): openai:gpt-4o-mini failed: server/);
    expect(stdout).toMatch(/attempt 3: anthropic:claude-haiku-4-5 ok/);
    expect(stdout).toContain('breakers rest while vendors heal');
  });

  it('shows the cost of each answer, one cache hit and the signals that made a request complex', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, ...NO_KEYS },
    });
    const costs = stdout.match(/^ {3}cost: \$\d+\.\d{6} \(\d+ in, \d+ out\)$/gm) ?? [];
    expect(costs).toHaveLength(4);
    expect(stdout).toContain(
      '3. The first question again: the cache answers\n   A: Paris.\n   cost: $0.000000 · answered by the cache: no vendor call',
    );
    expect(stdout).toContain(
      'complex because of: "step by step" (complexity.complex), "trade-offs" (complexity.complex)',
    );
  });

  it('ends with a one-line hint when the vendor refuses the API key in the environment', async () => {
    const server = await startFakeOpenAI();
    const wrongKey = 'sk-wrong-0123456789abcdefghij';
    try {
      const failure = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          ...process.env,
          ...NO_KEYS,
          OPENAI_API_KEY: wrongKey,
          OPENAI_BASE_URL: server.baseURL,
        },
      }).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stdout).toContain('running on real vendors: openai');
      expect(failure?.stderr.trim()).toBe(
        'openai refused the key in OPENAI_API_KEY (HTTP 401): fix it, or unset it to run the demo on mock providers.',
      );
      expect(`${failure?.stdout}${failure?.stderr}`).not.toContain(wrongKey);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('runs on the real vendors whose keys are set (here: OpenAI, served by a fake)', async () => {
    const server = await startFakeOpenAI();
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          ...process.env,
          ...NO_KEYS,
          OPENAI_API_KEY: server.apiKey,
          OPENAI_BASE_URL: server.baseURL,
        },
      });
      expect(stderr).toBe('');
      expect(stdout.split('\n')[0]).toBe(
        'Switchyard quickstart: running on real vendors: openai (API keys from the environment).',
      );
      expect(stdout).toContain('A: Hello from the fake OpenAI server.');
      expect(stdout).toMatch(/attempt 1: openai:gpt-4o-mini ok/);
      expect(stdout).toMatch(/candidates openai:gpt-4o\b/);
      expect(stdout).toContain('Failure injection needs the mock providers');
      expect(server.requests.map((r) => [r.chat?.model, r.chat?.stream])).toEqual([
        ['gpt-4o-mini', false],
        ['gpt-4o', false],
        ['gpt-4o-mini', true],
      ]);
    } finally {
      await server.close();
    }
  });

  it('runs on Anthropic first and Gemini as its fallback when both keys are set (served by fakes)', async () => {
    const anthropic = await startFakeAnthropic();
    const google = await startFakeGoogle();
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          ...process.env,
          ...NO_KEYS,
          ANTHROPIC_API_KEY: anthropic.apiKey,
          ANTHROPIC_BASE_URL: anthropic.baseURL,
          GEMINI_API_KEY: google.apiKey,
          GOOGLE_GEMINI_BASE_URL: google.baseURL,
        },
      });
      expect(stderr).toBe('');
      expect(stdout.split('\n')[0]).toBe(
        'Switchyard quickstart: running on real vendors: anthropic, google (API keys from the environment).',
      );
      expect(stdout).toContain('A: Hello from the fake Anthropic server.');
      expect(stdout).toMatch(/candidates anthropic:claude-haiku-4-5 → google:gemini-2\.5-flash/);
      expect(stdout).toMatch(/candidates anthropic:claude-opus-5-5 → google:gemini-2\.5-pro/);
      expect(stdout).toMatch(/attempt 1: anthropic:claude-haiku-4-5 ok/);
      expect(stdout).toMatch(/usage: \d+ in, \d+ out/);
      expect(
        anthropic.requests.map((r) => [r.chat?.model, r.chat?.stream, r.chat?.maxTokens]),
      ).toEqual([
        ['claude-haiku-4-5', false, 4_096],
        ['claude-opus-5-5', false, 4_096],
        ['claude-haiku-4-5', true, 4_096],
      ]);
      expect(google.requests).toHaveLength(0);
    } finally {
      await anthropic.close();
      await google.close();
    }
  });
});
