import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRouter, type Router } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import { type FakeServer, startFakeOpenAI } from '@switchyard/testing';

/** A running HTTP server on 127.0.0.1 and how to stop it. */
export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

function running(server: Server): Running {
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves a Node request handler on a free port. */
export async function serveNode(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Running> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return running(server);
}

/** Serves a fetch-style handler (`(Request) => Response`) on a free port, as Hono's Node server does. */
export async function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<Running> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  return running(server);
}

/** A router on the real OpenAI adapter, talking to a fake OpenAI server. */
export async function openAIRouter(): Promise<{ vendor: FakeServer; router: Router }> {
  const vendor = await startFakeOpenAI();
  const router = createRouter({
    providers: [createOpenAI({ apiKey: vendor.apiKey, baseURL: vendor.baseURL })],
    defaultModel: 'openai:gpt-4o-mini',
    retry: { maxRetries: 0 },
  });
  return { vendor, router };
}

/**
 * Polls `condition` every 10 ms; rejects with `message` after `timeoutMs` (8 s by default: Node
 * 20's fetch, under the vendor SDKs, abandons an aborted response at once but closes its socket
 * about 3 s later).
 */
export async function eventually(
  condition: () => boolean,
  message: string,
  timeoutMs = 8_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
