import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Demo, startDemo } from './demo-server.js';
import { startTraffic } from './traffic.js';

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('dashboard example server', () => {
  it('serves the page, and the endpoints follow the traffic generator', async () => {
    demo = await startDemo({ token: 'demo-token-123', latency: false });
    const root = new URL('/', demo.url);
    const redirect = await fetch(root, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/switchyard/');
    expect(await (await fetch(demo.url)).text()).toContain('<title>Switchyard demo');

    const stop = startTraffic(demo, { perSecond: 200, outageEveryMs: 60_000 });
    // However slow the machine, wait for the generator's requests rather than a fixed time.
    await vi.waitFor(() => expect(demo?.router.stats().total.requests).toBeGreaterThan(10), {
      timeout: 20_000,
      interval: 50,
    });
    stop();
    const stats = (await (await fetch(new URL('api/stats', demo.url))).json()) as {
      total: { requests: number; costUsd: number };
      byTenant: Record<string, unknown>;
    };
    expect(stats.total.requests).toBeGreaterThan(10);
    expect(stats.total.costUsd).toBeGreaterThan(0);
    expect(Object.keys(stats.byTenant).sort()).toEqual(['acme', 'globex', 'initech']);
    const decisions = (await (await fetch(new URL('api/decisions', demo.url))).json()) as {
      decisions: { reason: string }[];
    };
    expect(decisions.decisions.length).toBeGreaterThan(10);
    expect((await fetch(new URL('/api/users', demo.url))).status).toBe(404);
  });

  it('starts with `pnpm start` and prints where the page is', async () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd,
      env: { ...process.env, PORT: '0', DASHBOARD_TOKEN: 'from-the-env-123' },
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      // tsx compiles the example on start: slow on a loaded machine.
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Open (http:\/\/\S+)/.exec(out);
        if (match !== null && out.includes('Ctrl-C')) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      });
    });
    try {
      expect(out).toContain('Token for the actions: from-the-env-123');
      expect(out).toMatch(/mock vendors/);
      const health = await (await fetch(new URL('api/health', url))).json();
      expect(health).toHaveProperty('candidates');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});
