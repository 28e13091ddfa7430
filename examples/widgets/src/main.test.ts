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

describe('widgets example', () => {
  it('routes each request to its widget on the right tier and prints the typed data', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, ...NO_KEYS },
    });
    expect(stderr).toBe('');
    expect(stdout).toContain('running on mock providers');

    expect(stdout).toContain('→ lesson-plan · tier strong · openai:gpt-4o · initial\n');
    expect(stdout).toContain('Forearm Pass Fundamentals · Grade 7 · 45 min');
    expect(stdout).toMatch(/ 7 min {2}warm-up {5}Dynamic warm-up \(whole-class\)/);

    expect(stdout).toContain('→ attendance · tier fast · openai:gpt-4o-mini · initial\n');
    expect(stdout).toContain('text: 7B PE, Period 3, 2025-03-14. Present: Ana, Ben, Chloe.');
    expect(stdout).toContain('Emma   late (10 min)');
    expect(stdout).toContain('summary: 3 present, 1 late, 1 absent, 1 excused');

    // The first workout answer misses a session; the repair fixes it.
    expect(stdout).toContain('→ workout-plan · tier strong · openai:gpt-4o · initial ✗ → repair\n');
    expect(stdout).toContain('Thursday (Strength for runners, 35 min): Bodyweight squat 3x12');

    expect(stdout).toContain('→ meal-plan · tier strong · openai:gpt-4o · initial\n');
    expect(stdout).toContain('Tournament Day Fuel (nut-free) · serves 12 · nut-free');

    expect(stdout).toContain('→ general-response · tier fast · openai:gpt-4o-mini · no extraction');
    expect(stdout).toContain('(text only) Keep winter lessons short and active');

    expect(stdout).toContain('streaming from openai:gpt-4o-mini for general-widget');
    expect(stdout).toMatch(/\d+ text chunks streamed; the widget data came with finish/);
    expect(stdout).toContain('[ ] Mark the 20 m shuttle lanes with cones');

    expect(stdout).toContain(
      'extractions recorded: lesson-plan: ok in 1; attendance: ok in 1; workout-plan: ok in 2; meal-plan: ok in 1; general-widget: ok in 1',
    );
  });
});
