import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from './fake-server.js';
import { startFakeOpenAI } from './openai-fake.js';

// The fake-server base, driven through the OpenAI fake with plain fetch: queueing, recording,
// auth, refusals, every script type, sockets and shutdown.

let server: FakeServer;

beforeEach(async () => {
  server = await startFakeOpenAI();
});

afterEach(async () => {
  await server.close();
});

const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

function post(
  body: unknown,
  init: { key?: string | null; path?: string; signal?: AbortSignal } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? server.apiKey}`;
  return fetch(`${server.url}${init.path ?? '/v1/chat/completions'}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal ?? null,
  });
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('fake server base', () => {
  it('listens on 127.0.0.1 and gives the SDK base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseURL).toBe(`${server.url}/v1`);
    expect(server.vendor).toBe('openai');
    expect(server.apiKey).toMatch(/^sk-fake-/);
  });

  it('answers from the queue in order, then with the fallback, and records every request', async () => {
    server.reply('first').enqueue((request) => ({
      type: 'reply',
      reply: `echo ${request.chat?.messages.at(-1)?.content}`,
    }));
    expect(server.queued).toBe(2);
    const texts: unknown[] = [];
    for (const content of ['a', 'b', 'c']) {
      const res = await post(chatBody({ messages: [{ role: 'user', content }] }));
      const json = (await res.json()) as { choices: { message: { content: string } }[] };
      texts.push(json.choices[0]?.message.content);
    }
    expect(texts).toEqual(['first', 'echo b', 'Hello from the fake OpenAI server.']);
    expect(server.queued).toBe(0);
    expect(server.requests.map((r) => [r.index, r.answer])).toEqual([
      [0, 'reply'],
      [1, 'reply'],
      [2, 'reply'],
    ]);
    const last = server.lastRequest;
    expect(last).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: chatBody({ messages: [{ role: 'user', content: 'c' }] }),
      disconnected: false,
    });
    expect(last?.headers.authorization).toBe(`Bearer ${server.apiKey}`);
    expect(last?.chat?.messages).toEqual([{ role: 'user', content: 'c' }]);
  });

  it('uses a custom fallback when the queue is empty', async () => {
    const other = await startFakeOpenAI({ fallback: { type: 'error', status: 503 } });
    try {
      const res = await fetch(`${other.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.apiKey}` },
        body: JSON.stringify(chatBody()),
      });
      expect(res.status).toBe(503);
    } finally {
      await other.close();
    }
  });

  it("refuses a missing or wrong key with the vendor's 401, without using up a script", async () => {
    server.reply('kept');
    const missing = await post(chatBody(), { key: null });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
      "You didn't provide an API key",
    );
    const wrong = await post(chatBody(), { key: 'sk-wrong-key-0000000000' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: {
        message:
          'Incorrect API key provided: sk-wrong-key-0000000000. You can find your API key in your account settings.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(server.requests.map((r) => r.answer)).toEqual(['unauthorized', 'unauthorized']);
    expect(server.queued).toBe(1);
  });

  it('accepts any key with requireAuth: false, and a chosen key', async () => {
    const open = await startFakeOpenAI({ requireAuth: false, apiKey: 'sk-chosen-key-123456789' });
    try {
      expect(open.apiKey).toBe('sk-chosen-key-123456789');
      const res = await fetch(`${open.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify(chatBody()),
      });
      expect(res.status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('answers an unknown path with 404 and a body that is not JSON with 400', async () => {
    const notFound = await post(chatBody(), { path: '/v1/nope' });
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid URL (POST /v1/nope)',
    );
    const bad = await post('{not json');
    expect(bad.status).toBe(400);
    expect(server.requests.map((r) => r.answer)).toEqual(['not-found', 'bad-request']);
    expect(server.requests[1]?.body).toBeUndefined();
    expect(server.requests[1]?.rawBody).toBe('{not json');
  });

  it('sends an error script in the vendor format with retry headers and a request id', async () => {
    server.fail(429, { retryAfter: 2, retryAfterMs: 1500, headers: { 'x-extra': 'yes' } });
    const res = await post(chatBody());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('retry-after-ms')).toBe('1500');
    expect(res.headers.get('x-extra')).toBe('yes');
    expect(res.headers.get('x-request-id')).toBe('req_fake_1');
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({
      type: 'requests',
      code: 'rate_limit_exceeded',
      param: null,
    });
    expect(server.lastRequest?.answer).toBe('error');
  });

  it('renders refusals by reason, and lets a script choose message and code', async () => {
    server
      .fail(400, { reason: 'context-length' })
      .fail(400, { message: 'custom words', code: 'custom_code' });
    const context = (await (await post(chatBody())).json()) as { error: Record<string, unknown> };
    expect(context.error).toMatchObject({ code: 'context_length_exceeded', param: 'messages' });
    expect(context.error.message).toContain('maximum context length');
    const custom = (await (await post(chatBody())).json()) as { error: Record<string, unknown> };
    expect(custom.error).toMatchObject({ message: 'custom words', code: 'custom_code' });
  });

  it('keeps a hung request open until the client goes away, then records the disconnect', async () => {
    server.hang();
    const controller = new AbortController();
    const pending = post(chatBody(), { signal: controller.signal });
    await server.waitForRequests(1);
    expect(server.lastRequest?.answer).toBe('hang');
    expect(server.openSockets).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitUntil(() => server.lastRequest?.disconnected === true, 'the disconnect');
    // Not `openSockets === 0` here: Node 20's fetch (undici 6) opens a fresh idle connection
    // after an abort and keeps it for its keep-alive time (nodejs/undici#5845).
  });

  it('drops the connection for a drop script', async () => {
    server.drop();
    await expect(post(chatBody())).rejects.toThrow(/fetch failed/);
    expect(server.lastRequest?.answer).toBe('drop');
  });

  it('sends a raw answer exactly as given, after its delay', async () => {
    server.enqueue({
      type: 'raw',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad gateway</html>',
      delayMs: 30,
    });
    const started = Date.now();
    const res = await post(chatBody());
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html>Bad gateway</html>');
  });

  it('refuses a scripted stream for a request that does not stream, and says why', async () => {
    server.stream('streamed');
    const res = await post(chatBody());
    expect(res.status).toBe(500);
    expect(await res.text()).toContain(
      'a stream was scripted, but the request did not ask for one',
    );
    expect(server.lastRequest?.answer).toBe('mismatch');
  });

  it('waitForRequests resolves with the requests, and rejects after its timeout', async () => {
    const waiting = server.waitForRequests(2);
    await post(chatBody());
    await post(chatBody());
    expect((await waiting).length).toBe(2);
    await expect(server.waitForRequests(5, 20)).rejects.toThrow(
      'waited 20 ms for 5 requests, got 2',
    );
  });

  it('reset() forgets requests and scripts', async () => {
    server.reply('x').reply('y');
    await post(chatBody());
    server.reset();
    expect(server.requests).toEqual([]);
    expect(server.queued).toBe(0);
    await post(chatBody());
    expect(server.lastRequest?.index).toBe(0);
  });

  it('close() ends open connections, stops listening, and can be called twice', async () => {
    server.hang();
    const pending = post(chatBody());
    await server.waitForRequests(1);
    const waiting = expect(server.waitForRequests(9)).rejects.toThrow('closed while waiting');
    await server.close();
    await expect(pending).rejects.toThrow();
    await waiting;
    expect(server.openSockets).toBe(0);
    await server.close();
    await expect(post(chatBody())).rejects.toThrow(/fetch failed/);
  });

  it('answers a bug in a script function with a 500 that says so', async () => {
    server.enqueue(() => {
      throw new Error('script bug');
    });
    const res = await post(chatBody());
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('script bug');
  });
});
