import { request as httpRequest } from 'node:http';
import type { Router, StreamEvent } from '@switchyard/core';
import type { FakeServer } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pipeToNodeResponse } from './node-response.js';
import { readStreamEvents } from './sse-client.js';
import type { ServedStreamEvent } from './sse-format.js';
import {
  eventually,
  openAIRouter,
  type Running,
  serveFetch,
  serveNode,
} from './test-servers.test-util.js';
import { toSSEResponse, toSSEStream, toTextResponse } from './web-streams.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ vendor: FakeServer; router: Router }> {
  const { vendor, router } = await openAIRouter();
  cleanups.push(
    () => vendor.close(),
    () => router.close(),
  );
  return { vendor, router };
}

function track(server: Running): Running {
  cleanups.push(() => server.close());
  return server;
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

async function collect(response: Response): Promise<ServedStreamEvent[]> {
  const events: ServedStreamEvent[] = [];
  for await (const event of readStreamEvents(response)) events.push(event);
  return events;
}

/**
 * Opens a request with node:http, waits until the body contains `until`, then destroys the
 * socket: a browser tab closed mid-answer.
 */
function readThenHangUp(url: string, until: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST' }, (res) => {
      let body = '';
      if (until === undefined) {
        req.destroy();
        resolve(body);
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.includes(until)) {
          req.destroy();
          resolve(body);
        }
      });
      res.on('error', () => {});
    });
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}

describe('toSSEResponse over HTTP', () => {
  it('sends one event per stream event, start to finish with usage and cost', async () => {
    const { vendor, router } = await setUp();
    vendor.stream({ text: 'Routing is fun.', usage: { inputTokens: 12, outputTokens: 4 } });
    const server = track(
      await serveFetch(async (request) => {
        const { question } = (await request.json()) as { question: string };
        return toSSEResponse((signal) => router.stream({ ...ask(question), signal }));
      }),
    );

    const response = await fetch(server.url, {
      method: 'POST',
      body: JSON.stringify({ question: 'Say something.' }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    const events = await collect(response);

    expect(events.map((e) => e.type)).toEqual([
      'start',
      'text-delta',
      'text-delta',
      'text-delta',
      'finish',
    ]);
    expect(events[0]).toMatchObject({ type: 'start', provider: 'openai', model: 'gpt-4o-mini' });
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('Routing is fun.');
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish event');
    expect(finish.response.usage).toMatchObject({ inputTokens: 12, outputTokens: 4 });
    expect(finish.response.costUsd).toBeGreaterThan(0);
    expect(vendor.lastRequest?.chat?.stream).toBe(true);
  });

  it('ends a stream that breaks after its first token with a typed error event, no key in it', async () => {
    const { vendor, router } = await setUp();
    vendor.stream('one two three four', { truncate: 2 });
    const server = track(await serveFetch(() => toSSEResponse(router.stream(ask('Count.')))));

    const response = await fetch(server.url);
    const raw = await response.clone().text();
    const events = await collect(response);

    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta', 'error']);
    const last = events.at(-1);
    if (last?.type !== 'error') throw new Error('no error event');
    expect(last.error).toMatchObject({
      name: 'ConnectionError',
      kind: 'connection',
      retryable: true,
      provider: 'openai',
    });
    expect(last.error.message).toMatch(/truncated/);
    expect(raw).toContain('event: error\ndata: ');
    expect(raw).not.toContain(vendor.apiKey);
  });

  it('sends a failure before the first token as the only event', async () => {
    const { vendor, router } = await setUp();
    vendor.fail(401);
    const server = track(await serveFetch(() => toSSEResponse(router.stream(ask('Hi.')))));

    const events = await collect(await fetch(server.url));

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { kind: 'auth', retryable: false } });
    expect(JSON.stringify(events)).not.toContain(vendor.apiKey);
  });

  it('forwards event types it does not know as SSE events of that name', async () => {
    async function* withReasoning(): AsyncGenerator<StreamEvent> {
      yield { type: 'reasoning-delta', text: 'thinking' } as unknown as StreamEvent;
      yield { type: 'text-delta', text: 'answer' };
    }
    const server = track(await serveFetch(() => toSSEResponse(withReasoning())));

    const raw = await (await fetch(server.url)).text();

    expect(raw).toBe(
      'event: reasoning-delta\ndata: {"type":"reasoning-delta","text":"thinking"}\n\n' +
        'event: text-delta\ndata: {"type":"text-delta","text":"answer"}\n\n',
    );
  });

  it('aborts the vendor call when the client closes the socket mid-answer', async () => {
    const { vendor, router } = await setUp();
    // Two hundred words, 100 ms apart: twenty seconds of answer unless something stops it.
    vendor.stream('word '.repeat(200), { chunkDelayMs: 100 });
    const server = track(
      await serveFetch((request) =>
        toSSEResponse((signal) =>
          router.stream({ ...ask('Talk.'), signal: AbortSignal.any([signal, request.signal]) }),
        ),
      ),
    );

    await readThenHangUp(server.url, 'event: text-delta');
    await vendor.waitForRequests(1);
    await eventually(() => vendor.openSockets === 0, 'the vendor connection is still open');
  });
});

describe('toTextResponse over HTTP', () => {
  it('streams the answer text only', async () => {
    const { vendor, router } = await setUp();
    vendor.stream({ text: 'Plain text, please.', toolCalls: [{ name: 'noop', arguments: {} }] });
    const server = track(await serveFetch(() => toTextResponse(router.stream(ask('Hi.')))));

    const response = await fetch(server.url);

    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Plain text, please.');
  });

  it('breaks the body when the stream fails, so a cut answer never looks complete', async () => {
    // Hono's Node server logs a body that errors; the error is what this test expects.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { vendor, router } = await setUp();
    vendor.stream('one two three four', { truncate: 2 });
    const errors: unknown[] = [];
    const server = track(
      await serveFetch(() =>
        toTextResponse(router.stream(ask('Count.')), { onError: (e) => errors.push(e) }),
      ),
    );

    const response = await fetch(server.url);

    await expect(response.text()).rejects.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'connection' });
  });
});

describe('pipeToNodeResponse over HTTP', () => {
  it('writes the SSE head and events into a Node response', async () => {
    const { vendor, router } = await setUp();
    vendor.stream('Hello there.');
    const server = track(
      await serveNode((_req, res) => {
        void pipeToNodeResponse((signal) => router.stream({ ...ask('Hi.'), signal }), res);
      }),
    );

    const response = await fetch(server.url);
    const events = await collect(response);

    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta', 'finish']);
  });

  it('writes plain text with format "text"', async () => {
    const { vendor, router } = await setUp();
    vendor.stream('Hello there.');
    const server = track(
      await serveNode((_req, res) => {
        void pipeToNodeResponse(router.stream(ask('Hi.')), res, { format: 'text' });
      }),
    );

    expect(await (await fetch(server.url)).text()).toBe('Hello there.');
  });

  it('aborts the vendor call when the client closes the socket mid-answer', async () => {
    const { vendor, router } = await setUp();
    vendor.stream('word '.repeat(200), { chunkDelayMs: 100 });
    let piped: Promise<void> | undefined;
    const server = track(
      await serveNode((_req, res) => {
        piped = pipeToNodeResponse((signal) => router.stream({ ...ask('Talk.'), signal }), res);
      }),
    );

    await readThenHangUp(server.url, 'event: text-delta');
    await eventually(() => vendor.openSockets === 0, 'the vendor connection is still open');
    await piped;
    expect(vendor.requests).toHaveLength(1);
  });

  it('aborts the vendor call when the client leaves before the first token', async () => {
    const { vendor, router } = await setUp();
    vendor.hang();
    const server = track(
      await serveNode((_req, res) => {
        void pipeToNodeResponse((signal) => router.stream({ ...ask('Talk.'), signal }), res);
      }),
    );

    // The head is flushed at once, so the client can leave while the vendor is still silent.
    await readThenHangUp(server.url, undefined);
    await vendor.waitForRequests(1);
    await eventually(() => vendor.openSockets === 0, 'the vendor connection is still open');
  });

  it('reads no further event while the client is not reading (back-pressure)', async () => {
    const total = 200;
    let produced = 0;
    async function* big(): AsyncGenerator<StreamEvent> {
      for (let i = 0; i < total; i++) {
        produced += 1;
        yield { type: 'text-delta', text: 'x'.repeat(64 * 1024) };
      }
    }
    const server = track(
      await serveNode((_req, res) => {
        void pipeToNodeResponse(big(), res, { format: 'text' });
      }),
    );

    const received = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(server.url, (res) => {
        res.pause();
        setTimeout(() => {
          // 200 events of 64 KiB are 12.5 MiB: with back-pressure only the socket buffers' worth
          // has been produced while nobody reads.
          try {
            expect(produced).toBeLessThan(total / 2);
          } catch (error) {
            reject(error);
            return;
          }
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
          });
          res.on('end', () => resolve(bytes));
          res.resume();
        }, 300);
      });
      req.on('error', reject);
      req.end();
    });

    expect(produced).toBe(total);
    expect(received).toBe(total * 64 * 1024);
  });
});

describe('toSSEStream', () => {
  it('asks the source for an event only when the reader wants one', async () => {
    let produced = 0;
    async function* counting(): AsyncGenerator<StreamEvent> {
      for (let i = 0; i < 100; i++) {
        produced += 1;
        yield { type: 'text-delta', text: String(i) };
      }
    }
    const reader = toSSEStream(counting()).getReader();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBe(0);

    await reader.read();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBe(2);
    await reader.cancel();
  });
});
