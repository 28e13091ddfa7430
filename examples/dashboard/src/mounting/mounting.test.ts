import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app as expressApp } from './express.js';
import { app as fastifyApp } from './fastify.js';
import { app as honoApp } from './hono.js';
import { GET } from './next-route.js';
import { server as nodeServer } from './node-http.js';
import { router } from './router.js';

const listening: Server[] = [];
afterAll(async () => {
  for (const server of listening) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  fastifyApp.server.closeAllConnections();
  await fastifyApp.close();
  await router.close();
});

async function listen(server: Server): Promise<string> {
  listening.push(server);
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function expectDashboard(fetchPath: (path: string) => Promise<Response>) {
  const health = await fetchPath('/switchyard/api/health');
  expect(health.status).toBe(200);
  expect(await health.json()).toHaveProperty('candidates');
  const page = await fetchPath('/switchyard/');
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await page.text()).toContain('/switchyard/assets/dashboard.js');
  const action = await fetchPath('/switchyard/api/actions/reset-stats');
  expect(action.status).toBe(405);
}

describe('mounting the dashboard (the snippets in docs/dashboard.md)', () => {
  it('in node:http', async () => {
    const base = await listen(nodeServer.listen(0, '127.0.0.1'));
    await expectDashboard((path) => fetch(base + path));
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    expect(
      (await fetch(`${base}/switchyard/api/actions/reset-stats`, { method: 'POST' })).status,
    ).toBe(403);
  });

  it('in Hono', async () => {
    await expectDashboard(async (path) => honoApp.request(path));
  });

  it('in Express', async () => {
    const base = await listen(expressApp.listen(0, '127.0.0.1'));
    await expectDashboard((path) => fetch(base + path));
    expect(await (await fetch(`${base}/`)).text()).toBe('the rest of your app');
  });

  it('in Fastify', async () => {
    await fastifyApp.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastifyApp.server.address() as AddressInfo;
    await expectDashboard((path) => fetch(`http://127.0.0.1:${port}${path}`));
    const events = await fetch(`http://127.0.0.1:${port}/switchyard/api/events`);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: snapshot');
    await reader.cancel();
  });

  it('in a Next.js route handler', async () => {
    await expectDashboard((path) => GET(new Request(`http://localhost${path}`)));
  });

  it('clears the cache with the token (the actions snippet)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import('./clear-cache.js');
      expect(log).toHaveBeenCalledWith(200);
    } finally {
      log.mockRestore();
    }
  });

  it('docs/dashboard.md shows each snippet exactly as tested here', () => {
    const docs = readFileSync(new URL('../../../../docs/dashboard.md', import.meta.url), 'utf8');
    const files = ['node-http.ts', 'hono.ts', 'express.ts', 'fastify.ts', 'next-route.ts'];
    for (const file of [...files, 'clear-cache.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8').trim();
      expect(docs, file).toContain(source);
    }
  });
});
