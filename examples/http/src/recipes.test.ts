import { execFile } from 'node:child_process';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { createRouter, type Router } from '@switchyard/core';
import { readStreamEvents, type ServedStreamEvent } from '@switchyard/http';
import { createOpenAI } from '@switchyard/openai';
import { createMockProvider, startFakeOpenAI } from '@switchyard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressApp } from './express-server.js';
import { createFastifyApp } from './fastify-server.js';
import { createHonoApp } from './hono-server.js';
import { createChatRoute } from './next-route.js';

// The mock model gets a price, so answers carry a cost (and the router has nothing to warn about).
const MOCK_PRICES = { 'mock:demo': { inputPerMTok: 0.15, outputPerMTok: 0.6 } };

interface Started {
  readonly url: string;
  close(): Promise<void>;
}

function stopper(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

async function nodeServer(listen: (ready: () => void) => Server): Promise<Started> {
  let server: Server | undefined;
  await new Promise<void>((resolve) => {
    server = listen(resolve);
  });
  const s = server as Server;
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/chat`, close: stopper(s) };
}

async function fetchServer(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<Started> {
  return nodeServer(
    (ready) => serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => ready()) as Server,
  );
}

const recipes: { name: string; start(router: Router): Promise<Started> }[] = [
  {
    name: 'Express',
    start: (router) =>
      nodeServer((ready) => createExpressApp(router).listen(0, '127.0.0.1', ready)),
  },
  {
    name: 'Fastify',
    async start(router) {
      const app = createFastifyApp(router);
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url: `${address}/chat`, close: () => app.close() };
    },
  },
  { name: 'Hono', start: (router) => fetchServer(createHonoApp(router).fetch) },
  { name: 'Next.js-style route handler', start: (router) => fetchServer(createChatRoute(router)) },
];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Posts a question, reads until the body holds `until`, then destroys the socket. */
function askThenHangUp(url: string, until: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.includes(until)) {
            req.destroy();
            resolve();
          }
        });
        res.on('error', () => {});
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end(JSON.stringify({ question: 'Talk for a while.' }));
  });
}

async function eventually(condition: () => boolean, message: string): Promise<void> {
  // Node 20's fetch (under the vendor SDK) abandons an aborted response at once but closes its
  // socket about 3 s later.
  const deadline = Date.now() + 8_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(recipes)('$name recipe over HTTP', ({ start }) => {
  it('streams the routed answer as SSE: start, text deltas, finish with usage', async () => {
    const router = createRouter({
      providers: [
        createMockProvider({ id: 'mock', rules: [{ reply: 'Breakers stop the bleeding.' }] }),
      ],
      defaultModel: 'mock:demo',
      prices: MOCK_PRICES,
    });
    const server = await start(router);
    cleanups.push(
      () => router.close(),
      () => server.close(),
    );

    const response = await post(server.url, { question: 'Why breakers?' });
    const events: ServedStreamEvent[] = [];
    for await (const event of readStreamEvents(response)) events.push(event);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(events[0]).toMatchObject({ type: 'start', provider: 'mock', model: 'demo' });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(
      'Breakers stop the bleeding.',
    );
    const finish = events.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type === 'finish') {
      expect(finish.response.usage.outputTokens).toBeGreaterThan(0);
      expect(finish.response.costUsd).toBeGreaterThan(0);
    }
  });

  it('answers 400 to a body without a question, before any model call', async () => {
    const mock = createMockProvider({ id: 'mock' });
    const router = createRouter({
      providers: [mock],
      defaultModel: 'mock:demo',
      prices: MOCK_PRICES,
    });
    const server = await start(router);
    cleanups.push(
      () => router.close(),
      () => server.close(),
    );

    const response = await post(server.url, { prompt: 'wrong field' });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Send JSON: { "question": "..." }.' });
    expect(mock.calls).toHaveLength(0);
  });

  it('aborts the vendor call when the client closes the socket mid-answer', async () => {
    const vendor = await startFakeOpenAI();
    const router = createRouter({
      providers: [createOpenAI({ apiKey: vendor.apiKey, baseURL: vendor.baseURL })],
      defaultModel: 'openai:gpt-4o-mini',
    });
    const server = await start(router);
    cleanups.push(
      () => vendor.close(),
      () => router.close(),
      () => server.close(),
    );
    // Twenty seconds of answer unless the disconnect stops it.
    vendor.stream('word '.repeat(200), { chunkDelayMs: 100 });

    await askThenHangUp(server.url, 'event: text-delta');
    await eventually(() => vendor.openSockets === 0, 'the vendor connection is still open');
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('the ask client', () => {
  it('prints a streamed answer from a running recipe', async () => {
    const router = createRouter({
      providers: [
        createMockProvider({ id: 'mock', rules: [{ reply: 'Fail fast, heal slowly.' }] }),
      ],
      defaultModel: 'mock:demo',
      prices: MOCK_PRICES,
    });
    const server = await nodeServer((ready) =>
      createExpressApp(router).listen(0, '127.0.0.1', ready),
    );
    cleanups.push(
      () => router.close(),
      () => server.close(),
    );

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/ask.ts', server.url, 'Why breakers?'],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );

    expect(stdout).toMatch(
      /^\[mock:demo\]\nFail fast, heal slowly\.\n\[\d+ in, \d+ out, \$0\.\d{6}\]\n$/,
    );
  });
});
