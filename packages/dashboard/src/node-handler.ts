import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Dashboard } from './create-dashboard.js';

/** A Node request as Express passes it: `originalUrl` keeps the mount path that `url` loses. */
type NodeRequest = IncomingMessage & { readonly originalUrl?: string | undefined };

/**
 * A Node-style handler, `(req, res, next?) => void`, for `http.createServer`, Express
 * (`app.use(handler)`) and Fastify (`reply.hijack()`, then `handler(req.raw, reply.raw)`).
 *
 * A request outside the dashboard's base path goes to `next()` when there is one (Express
 * middleware), else gets a 404. An event stream is written chunk by chunk, and the client going
 * away ends it.
 */
export function toNodeHandler(
  dashboard: Dashboard,
): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void {
  return (req, res, next) => {
    const path = (req as NodeRequest).originalUrl ?? req.url ?? '/';
    const host = req.headers.host ?? 'localhost';
    let url: URL;
    try {
      url = new URL(path, `http://${host}`);
    } catch {
      url = new URL(path.startsWith('/') ? path : '/', 'http://localhost');
    }
    if (!dashboard.handles(url.pathname) && next !== undefined) {
      next();
      return;
    }
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const one of [value].flat()) headers.append(name, one);
    }
    const method = req.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const request = new Request(url, {
      method,
      headers,
      signal: abort.signal,
      ...(hasBody
        ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' }
        : {}),
    } as RequestInit);
    dashboard(request)
      .then(async (response) => {
        res.statusCode = response.status;
        for (const [name, value] of response.headers) res.setHeader(name, value);
        if (response.body === null) {
          res.end();
          return;
        }
        res.flushHeaders();
        const reader = response.body.getReader();
        res.once('close', () => void reader.cancel().catch(() => undefined));
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!res.write(value)) await drained(res);
        }
        res.end();
      })
      .catch((error: unknown) => {
        if (next !== undefined) {
          next(error);
          return;
        }
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json; charset=utf-8');
        }
        res.end(JSON.stringify({ error: 'dashboard error' }));
      });
  };
}

/** Waits until the socket takes more, or the client has gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
