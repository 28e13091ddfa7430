import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fakeEmbedding } from './fake-embeddings.js';
import { chunkingOf, resolveReply } from './fake-reply.js';
import type { FakeAnswer, FakeChatRequest, FakeRequest } from './fake-request.js';
import type {
  FakeErrorScript,
  FakeReply,
  FakeReplyScript,
  FakeScript,
  FakeScriptSource,
  FakeStreamScript,
} from './fake-script.js';
import type { FakeVendor, RenderedError, RenderedStream } from './fake-vendor.js';

/** Options of the `startFake*()` functions. */
export interface FakeServerOptions {
  /** The API key the server accepts. Defaults to a fake key in the vendor's format (`sk-fake-...`). */
  readonly apiKey?: string | undefined;
  /**
   * Refuse requests without the right key, with the vendor's real 401 answer. Defaults to `true`.
   */
  readonly requireAuth?: boolean | undefined;
  /** The port to listen on (on 127.0.0.1). Defaults to 0: any free port. */
  readonly port?: number | undefined;
  /**
   * What the server does when no script is queued. Defaults to replying
   * `"Hello from the fake <Vendor> server."`.
   */
  readonly fallback?: FakeScriptSource | undefined;
}

/**
 * A fake vendor API on 127.0.0.1 that speaks the vendor's real wire format, for tests that run a
 * vendor's own SDK (or an adapter built on it) without a network.
 *
 * Queue what it should do with `reply()`, `stream()`, `fail()`, `hang()`, `drop()`, `raw()` or
 * `enqueue()`: each request takes the next script, first in first out, or the fallback when the
 * queue is empty. Requests the vendor refuses before any model sees them (an unknown path, a
 * wrong key, a body that is not JSON or breaks the vendor's rules) get the vendor's own error and
 * leave the queue alone. Every request is recorded in `requests`.
 */
export interface FakeServer {
  /** The vendor the server imitates (`openai`). */
  readonly vendor: string;
  /** The server's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** What to pass to the vendor's SDK as its base URL. */
  readonly baseURL: string;
  readonly port: number;
  /** The API key the server accepts. */
  readonly apiKey: string;
  /** Every request received since start (or the last `reset()`), oldest first. */
  readonly requests: readonly FakeRequest[];
  /** The most recent request. */
  readonly lastRequest: FakeRequest | undefined;
  /** Connections open now, whoever opened them. 0 once every client has let go. */
  readonly openSockets: number;
  /** Scripts still queued. */
  readonly queued: number;
  /** Queues scripts (or functions that choose one per request). */
  enqueue(...scripts: FakeScriptSource[]): this;
  /** Queues a reply: a JSON answer, or a stream with default chunking when the request streams. */
  reply(reply: FakeReply, options?: Omit<FakeReplyScript, 'type' | 'reply'>): this;
  /** Queues a streamed reply with chunking, timing and breakage options. */
  stream(reply: FakeReply, options?: Omit<FakeStreamScript, 'type' | 'reply'>): this;
  /** Queues an HTTP error in the vendor's format. */
  fail(status: number, options?: Omit<FakeErrorScript, 'type' | 'status'>): this;
  /** Queues a request that is never answered (until the client goes away). */
  hang(): this;
  /** Queues a dropped connection. */
  drop(): this;
  /** Queues an answer sent exactly as given. */
  raw(
    body: string,
    options?: { status?: number; headers?: Readonly<Record<string, string>> },
  ): this;
  /**
   * Resolves once `count` requests have arrived (the current ones included). Rejects after
   * `timeoutMs`. Defaults to 5 000 ms.
   */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly FakeRequest[]>;
  /** Forgets queued scripts and recorded requests. Open connections stay open. */
  reset(): void;
  /** Answers nothing more, ends every open connection and stops listening. */
  close(): Promise<void>;
}

type MutableRequest = { -readonly [K in keyof FakeRequest]: FakeRequest[K] };

interface Waiter {
  readonly count: number;
  readonly resolve: (requests: readonly FakeRequest[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Starts a fake server for `vendor` on 127.0.0.1. Vendor fakes (`startFakeOpenAI`, ...) call it
 * with their wire format.
 */
export async function startFakeServer(
  vendor: FakeVendor,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const server = new FakeServerImpl(vendor, options);
  await server.listen(options.port ?? 0);
  return server;
}

class FakeServerImpl implements FakeServer {
  readonly vendor: string;
  readonly apiKey: string;
  port = 0;
  private readonly http = createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => this.failInternally(res, error));
  });
  private readonly sockets = new Set<Socket>();
  private readonly answering = new Set<AbortController>();
  private readonly recorded: MutableRequest[] = [];
  private queue: FakeScriptSource[] = [];
  private waiters: Waiter[] = [];
  private closing: Promise<void> | undefined;

  constructor(
    private readonly wire: FakeVendor,
    private readonly options: FakeServerOptions,
  ) {
    this.vendor = wire.name;
    this.apiKey = options.apiKey ?? wire.defaultApiKey;
    this.http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        this.port = (this.http.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get baseURL(): string {
    return `${this.url}${this.wire.basePath}`;
  }

  get requests(): readonly FakeRequest[] {
    return this.recorded;
  }

  get lastRequest(): FakeRequest | undefined {
    return this.recorded.at(-1);
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  get queued(): number {
    return this.queue.length;
  }

  enqueue(...scripts: FakeScriptSource[]): this {
    this.queue.push(...scripts);
    return this;
  }

  reply(reply: FakeReply, options: Omit<FakeReplyScript, 'type' | 'reply'> = {}): this {
    return this.enqueue({ ...options, type: 'reply', reply });
  }

  stream(reply: FakeReply, options: Omit<FakeStreamScript, 'type' | 'reply'> = {}): this {
    return this.enqueue({ ...options, type: 'stream', reply });
  }

  fail(status: number, options: Omit<FakeErrorScript, 'type' | 'status'> = {}): this {
    return this.enqueue({ ...options, type: 'error', status });
  }

  hang(): this {
    return this.enqueue({ type: 'hang' });
  }

  drop(): this {
    return this.enqueue({ type: 'drop' });
  }

  raw(
    body: string,
    options: { status?: number; headers?: Readonly<Record<string, string>> } = {},
  ): this {
    return this.enqueue({ ...options, type: 'raw', body });
  }

  waitForRequests(count: number, timeoutMs = 5_000): Promise<readonly FakeRequest[]> {
    if (this.recorded.length >= count) return Promise.resolve(this.recorded);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(
          new Error(
            `fake ${this.vendor} server: waited ${timeoutMs} ms for ${count} requests, got ${this.recorded.length}.`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({ count, resolve, reject, timer });
    });
  }

  reset(): void {
    this.queue = [];
    this.recorded.length = 0;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const controller of this.answering) controller.abort();
      this.answering.clear();
      for (const waiter of this.waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`fake ${this.vendor} server: closed while waiting for requests.`));
      }
      this.waiters = [];
      // net.Server reports itself closed when its sockets are destroyed, before they emit
      // `close`; wait for those too, so `openSockets` is 0 once this resolves.
      const sockets = [...this.sockets].map(
        (socket) => new Promise<void>((done) => socket.once('close', () => done())),
      );
      const listening = new Promise<void>((done) => this.http.close(() => done()));
      this.http.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
      void Promise.all([listening, ...sockets]).then(() => resolve());
    });
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const record: MutableRequest = {
      index: this.recorded.length,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      body: parseJson(rawBody),
      rawBody,
      chat: undefined,
      embed: undefined,
      answer: 'pending',
      disconnected: false,
    };
    this.recorded.push(record);
    const n = record.index + 1;
    const answer = new AbortController();
    this.answering.add(answer);
    res.on('close', () => {
      if (!res.writableFinished) record.disconnected = true;
      this.answering.delete(answer);
      answer.abort();
    });
    this.notifyWaiters();

    const headers = this.wire.responseHeaders(n);
    const embeddings = this.wire.embeddings?.isRoute(record.method, record.path)
      ? this.wire.embeddings
      : undefined;
    if (embeddings === undefined && !this.wire.isChatRoute(record.method, record.path)) {
      return this.sendError(
        res,
        record,
        'not-found',
        this.wire.renderNotFound(record.method, record.path),
        headers,
      );
    }
    const key = this.wire.apiKeyOf(record.headers, record.query);
    if (this.options.requireAuth !== false && key !== this.apiKey) {
      return this.sendError(
        res,
        record,
        'unauthorized',
        this.wire.renderUnauthorized(key),
        headers,
      );
    }
    if (record.body === undefined) {
      const problem = {
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      };
      return this.sendError(
        res,
        record,
        'bad-request',
        this.wire.renderBadRequest(problem),
        headers,
      );
    }
    if (embeddings !== undefined) {
      const request = embeddings.parse(record.body, record.path);
      if ('problem' in request) {
        const rendered = this.wire.renderBadRequest(request.problem);
        return this.sendError(res, record, 'bad-request', rendered, headers);
      }
      record.embed = request.embed;
      const script = this.nextScript(record);
      const embed = request.embed;
      const vectors = embed.input.map((text) => fakeEmbedding(text, embed.dimensions));
      const ok = () => embeddings.render(vectors, embed, record.body);
      return this.answer(script, undefined, record, n, res, headers, answer.signal, ok);
    }
    const parsed = this.wire.parseChat(record.body, record);
    if ('problem' in parsed) {
      return this.sendError(
        res,
        record,
        'bad-request',
        this.wire.renderBadRequest(parsed.problem),
        headers,
      );
    }
    record.chat = parsed.chat;
    const script = this.nextScript(record);
    await this.answer(script, parsed.chat, record, n, res, headers, answer.signal, undefined);
  }

  private nextScript(record: MutableRequest): FakeScript {
    const source = this.queue.shift() ??
      this.options.fallback ?? {
        type: 'reply',
        reply: `Hello from the fake ${this.wire.title} server.`,
      };
    const script = typeof source === 'function' ? source(record) : source;
    record.answer = script.type;
    return script;
  }

  /** Answers with `script`; an embeddings request (`chat` undefined) answers a reply with `embedded()`. */
  private async answer(
    script: FakeScript,
    chat: FakeChatRequest | undefined,
    record: MutableRequest,
    n: number,
    res: ServerResponse,
    headers: Record<string, string>,
    signal: AbortSignal,
    embedded: (() => unknown) | undefined,
  ): Promise<void> {
    if (script.type === 'hang') return waitForAbort(signal);
    if (script.type === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (!(await sleep(script.delayMs ?? 0, signal))) return;
    const all = { ...headers, ...script.headers };
    switch (script.type) {
      case 'raw':
        res.writeHead(script.status ?? 200, all);
        res.end(script.body);
        return;
      case 'error': {
        const rendered = this.wire.renderError(script);
        sendJson(
          res,
          rendered.status,
          { ...headers, ...rendered.headers, ...script.headers },
          rendered.body,
        );
        return;
      }
      case 'reply':
      case 'stream': {
        if (chat === undefined) {
          // An embeddings request: any reply script means "answer with the vectors".
          sendJson(res, 200, all, embedded?.());
          return;
        }
        const reply = resolveReply(script.reply, chat, n, this.wire);
        if (!chat.stream) {
          if (script.type === 'stream') {
            record.answer = 'mismatch';
            sendJson(res, 500, all, {
              error: {
                message: `fake ${this.vendor} server: a stream was scripted, but the request did not ask for one.`,
              },
            });
            return;
          }
          sendJson(res, 200, all, this.wire.renderReply(reply, chat, record.body));
          return;
        }
        const options: Omit<FakeStreamScript, 'type' | 'reply'> =
          script.type === 'stream' ? script : {};
        const rendered = this.wire.renderStream(reply, chat, record.body, chunkingOf(options));
        await this.writeStream(res, all, rendered, options, signal);
        return;
      }
    }
  }

  private async writeStream(
    res: ServerResponse,
    headers: Record<string, string>,
    rendered: RenderedStream,
    options: Omit<FakeStreamScript, 'type' | 'reply'>,
    signal: AbortSignal,
  ): Promise<void> {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    res.flushHeaders();
    const delay = options.chunkDelayMs ?? 0;
    let first = true;
    const send = async (frame: string): Promise<boolean> => {
      if (!first && !(await sleep(delay, signal))) return false;
      first = false;
      if (signal.aborted) return false;
      res.write(frame);
      return true;
    };
    const { content } = rendered;
    const truncateAt =
      options.truncate === true
        ? content.length
        : typeof options.truncate === 'number'
          ? options.truncate
          : undefined;
    for (const frame of rendered.head) if (!(await send(frame))) return;
    for (let i = 0; i <= content.length; i++) {
      if (options.stallAfterChunks === i) return waitForAbort(signal);
      if (options.errorAfterChunks === i) {
        if (!(await send(this.wire.renderStreamError(options.errorType, options.errorMessage))))
          return;
        res.end();
        return;
      }
      if (truncateAt === i) {
        if (options.truncateMode === 'destroy') res.socket?.destroy();
        else res.end();
        return;
      }
      const frame = content[i];
      if (frame !== undefined && !(await send(frame))) return;
    }
    for (const frame of rendered.tail) if (!(await send(frame))) return;
    if (rendered.terminator !== undefined && !(await send(rendered.terminator))) return;
    res.end();
  }

  private sendError(
    res: ServerResponse,
    record: MutableRequest,
    answer: FakeAnswer,
    rendered: RenderedError,
    headers: Record<string, string>,
  ): void {
    record.answer = answer;
    sendJson(res, rendered.status, { ...headers, ...rendered.headers }, rendered.body);
  }

  private failInternally(res: ServerResponse, error: unknown): void {
    // A bug in a script function or a vendor fake: say so in the answer rather than hang the test.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(
      res,
      500,
      {},
      {
        error: {
          message: `fake ${this.vendor} server failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      },
    );
  }

  private notifyWaiters(): void {
    const ready = this.waiters.filter((w) => this.recorded.length >= w.count);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => this.recorded.length < w.count);
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(this.recorded);
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function sendJson(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Waits `ms`; resolves `false` at once if `signal` aborts first. Leaves no timer behind. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}
