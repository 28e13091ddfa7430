import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRouter, type Router } from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboard, type Dashboard, toNodeHandler } from './index.js';

let router: Router;
let dashboard: Dashboard;
let server: Server;

afterEach(async () => {
  dashboard.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await router.close();
});

async function start(withNext: boolean): Promise<{ url: string; nextCalls: string[] }> {
  router = createRouter({
    providers: [createMockProvider({ id: 'openai' })],
    models: { fast: ['openai:gpt-4o-mini'] },
  });
  dashboard = createDashboard(router, { basePath: '/ops', authorize: 'sesame-1234' });
  const handler = toNodeHandler(dashboard);
  const nextCalls: string[] = [];
  server = createServer((req, res) => {
    if (!withNext) {
      handler(req, res);
      return;
    }
    handler(req, res, () => {
      nextCalls.push(req.url ?? '');
      res.statusCode = 418;
      res.end('the host app');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, nextCalls };
}

describe('toNodeHandler', () => {
  it('serves the endpoints over node:http, with status, headers and body', async () => {
    const { url } = await start(false);
    await router.chat({ messages: [{ role: 'user', content: 'hi' }] });
    const response = await fetch(`${url}/ops/api/stats`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(((await response.json()) as { total: { requests: number } }).total.requests).toBe(1);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    const refused = await fetch(`${url}/ops/api/actions/reset-stats`, { method: 'POST' });
    expect(refused.status).toBe(401);
    const allowed = await fetch(`${url}/ops/api/actions/reset-stats`, {
      method: 'POST',
      headers: { authorization: 'Bearer sesame-1234' },
      body: '{}',
    });
    expect(allowed.status).toBe(200);
    expect(router.stats().total.requests).toBe(0);
  });

  it('passes requests outside the base path to next() (Express middleware)', async () => {
    const { url, nextCalls } = await start(true);
    const response = await fetch(`${url}/api/users`);
    expect(response.status).toBe(418);
    expect(nextCalls).toEqual(['/api/users']);
    expect((await fetch(`${url}/ops/api/health`)).status).toBe(200);
  });

  it('streams events as they happen and stops when the client goes away', async () => {
    const { url } = await start(false);
    const abort = new AbortController();
    const response = await fetch(`${url}/ops/api/events`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toMatch(/^retry: 2000\nevent: snapshot\n/);
    await router.chat({ messages: [{ role: 'user', content: 'hi' }] });
    while (!text.includes('event: response')) {
      text += decoder.decode((await reader.read()).value);
    }
    expect(text).toMatch(/event: decision\ndata: \{/);
    abort.abort();
    await reader.cancel().catch(() => undefined);
  });
});
