import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs in a separate Node process against the built package: the only honest way to show that
// the process can exit by itself (nothing keeps the event loop alive) after router.close().
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const script = `
import { createRouter } from ${JSON.stringify(dist)};

const waitForAbort = (signal) => new Promise((_, reject) =>
  signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
const hanging = {
  specificationVersion: 'v1', id: 'hang',
  chat: (_req, { signal }) => waitForAbort(signal),
  stream: (_req, { signal }) => ({
    async *[Symbol.asyncIterator]() {
      yield { type: 'text-delta', text: 'partial ' };
      await waitForAbort(signal);
    },
  }),
};
const failing = {
  specificationVersion: 'v1', id: 'flaky',
  chat: async () => { const e = new Error('503'); throw Object.assign(e, { name: 'X' }); },
  stream: () => { throw new Error('unused'); },
};
const router = createRouter({
  providers: [hanging, failing],
  models: { fast: ['hang:a'], flaky: ['flaky:b'] },
  retry: { maxRetries: 5, initialDelayMs: 60000, maxDelayMs: 60000 },
  attemptTimeoutMs: 600000,
  timeoutMs: 900000,
});
const outcomes = [];
const track = (p) => p.then(() => outcomes.push('resolved'), (e) => outcomes.push(e.kind));
const chat = track(router.chat({ messages: [{ role: 'user', content: 'hi' }] }));
const sleeping = track(router.chat({ model: 'flaky', messages: [{ role: 'user', content: 'hi' }] }));
const stream = track((async () => { for await (const _ of router.stream({ messages: [{ role: 'user', content: 'hi' }] })) {} })());
await new Promise((r) => setImmediate(r));
await router.close();
await Promise.all([chat, sleeping, stream]);
const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate');
console.log(JSON.stringify({ outcomes: outcomes.sort(), timers }));
`;

describe('router.close()', () => {
  it('leaves no pending timers, so the process exits by itself', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ outcomes: ['abort', 'abort', 'abort'], timers: [] });
  });
});
