import { type Router, redactSecrets } from '@switchyard/core';
import { resolveAuthorize } from './authorize.js';
import { readBenchmarks } from './benchmark-scores.js';
import type { DashboardOptions } from './dashboard-options.js';
import { PAGE_ASSETS, renderPage } from './page/page-assets.js';
import { RouterWatch } from './router-watch.js';

/**
 * A dashboard: a fetch-style handler, `(request) => Promise<Response>`, with a few extras. Mount
 * it in any server that speaks web `Request`/`Response` (Hono, Next.js route handlers, Deno,
 * Bun), or in Node's `http`, Express or Fastify through {@link toNodeHandler}.
 */
export interface Dashboard {
  (request: Request): Promise<Response>;
  /** The normalised base path (`''` or `/something`, no trailing slash). */
  readonly basePath: string;
  /** Whether a URL path belongs to the dashboard (is the base path or under it). */
  handles(pathname: string): boolean;
  /**
   * Stops listening to the router, ends open event streams and stops the snapshot timer. The
   * router itself is left alone. Idempotent.
   */
  close(): void;
}

const DEFAULT_MAX_DECISIONS = 200;
const DEFAULT_SNAPSHOT_INTERVAL_MS = 1_000;
// A client that reads its event stream this far behind is dropped rather than buffered for.
const MAX_STREAM_BACKLOG_BYTES = 1_000_000;

const READ_PATHS = new Set([
  '/',
  '/index.html',
  '/api/health',
  '/api/stats',
  '/api/budgets',
  '/api/benchmarks',
  '/api/decisions',
  '/api/events',
]);

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

// Scripts and styles come only from the handler itself; nothing is loaded from elsewhere.
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Creates the dashboard of a router: a status page and JSON endpoints, served by a fetch-style
 * handler under `basePath`.
 *
 * | method | path                          | answers                                            |
 * | ------ | ----------------------------- | -------------------------------------------------- |
 * | GET    | `/`                           | the HTML page                                      |
 * | GET    | `/api/health`                 | per `provider:model`: breaker state, time in state, last error kind, latency percentiles; store backends and store timeouts |
 * | GET    | `/api/stats`                  | `router.stats()`                                   |
 * | GET    | `/api/budgets`                | spend against each budget in `options.budgets`     |
 * | GET    | `/api/benchmarks`             | `router.benchmarks()` when the router has it, else `{ available: false }` |
 * | GET    | `/api/decisions?limit=N`      | the recent routing decisions, newest first         |
 * | GET    | `/api/events`                 | server-sent events: router events and a `snapshot` every `snapshotIntervalMs` |
 * | POST   | `/api/actions/clear-cache`    | clears `options.cacheStore` (needs `authorize`)    |
 * | POST   | `/api/actions/reset-stats`    | `router.resetStats()` (needs `authorize`)          |
 *
 * No response carries an API key (every body passes through `redactSecrets`) or a prompt.
 *
 * @throws TypeError when an option is malformed (a base path without a leading `/`, a
 * non-positive `maxDecisions` or `snapshotIntervalMs`, an `authorize` of the wrong type).
 */
export function createDashboard(router: Router, options: DashboardOptions = {}): Dashboard {
  const basePath = normalizeBasePath(options.basePath);
  const maxDecisions = positiveInteger(
    options.maxDecisions ?? DEFAULT_MAX_DECISIONS,
    'maxDecisions',
  );
  const snapshotIntervalMs = positiveInteger(
    options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS,
    'snapshotIntervalMs',
  );
  const authorize = resolveAuthorize(options.authorize);
  const now = options.now ?? Date.now;
  const title = options.title ?? 'Switchyard';
  const serialize = (data: unknown) => redactSecrets(JSON.stringify(data));

  const snapshot = (): object => ({
    at: now(),
    health: watch.health(),
    stats: router.stats(),
    budgets: watch.budgets.snapshot(),
  });
  const watch: RouterWatch = new RouterWatch(router, {
    maxDecisions,
    budgets: options.budgets ?? [],
    includeContent: options.includeContent === true,
    snapshotIntervalMs,
    now,
    snapshot,
    serialize,
  });
  const streams = new Set<() => void>();
  let closed = false;

  const json = (data: unknown, status = 200, extra: Record<string, string> = {}) =>
    new Response(serialize(data), { status, headers: { ...JSON_HEADERS, ...extra } });
  const problem = (status: number, error: string, extra: Record<string, string> = {}) =>
    json({ error }, status, extra);

  const eventStream = (request: Request): Response => {
    if (closed) return problem(503, 'the dashboard is closed');
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          let done = false;
          cleanup = () => {
            if (done) return;
            done = true;
            off();
            streams.delete(end);
            request.signal.removeEventListener('abort', cleanup);
          };
          const end = () => {
            cleanup();
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          };
          const send = (chunk: string) => {
            if (done) return;
            if ((controller.desiredSize ?? 0) < -MAX_STREAM_BACKLOG_BYTES) {
              end();
              return;
            }
            controller.enqueue(encoder.encode(chunk));
          };
          send(`retry: 2000\nevent: snapshot\ndata: ${serialize(snapshot())}\n\n`);
          const off = watch.subscribe(send);
          streams.add(end);
          request.signal.addEventListener('abort', cleanup);
        },
        cancel() {
          cleanup();
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
    );
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    });
  };

  const runAction = async (request: Request, action: string): Promise<Response> => {
    if (authorize === undefined) {
      return problem(403, 'actions are off: pass `authorize` to createDashboard to turn them on');
    }
    let allowed = false;
    try {
      allowed = (await authorize(request)) === true;
    } catch {
      allowed = false;
    }
    if (!allowed) return problem(401, 'not authorised', { 'www-authenticate': 'Bearer' });
    if (action === 'reset-stats') {
      router.resetStats();
      return json({ ok: true, action });
    }
    if (options.cacheStore === undefined) {
      return problem(
        501,
        'no cache store: pass the store the router uses as `cacheStore` to createDashboard',
      );
    }
    await options.cacheStore.clear();
    return json({ ok: true, action });
  };

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!handles(url.pathname)) return problem(404, 'not found');
    const path = url.pathname.slice(basePath.length) || '/';
    const method = request.method.toUpperCase();
    const read = method === 'GET' || method === 'HEAD';

    if (path.startsWith('/api/actions/')) {
      const action = path.slice('/api/actions/'.length);
      if (action !== 'clear-cache' && action !== 'reset-stats') return problem(404, 'not found');
      if (method !== 'POST') return problem(405, 'use POST', { allow: 'POST' });
      return runAction(request, action);
    }

    const respond = (): Response | Promise<Response> | undefined => {
      switch (path) {
        case '/':
        case '/index.html':
          return new Response(renderPage({ title, basePath }), {
            headers: {
              'content-type': 'text/html; charset=utf-8',
              'cache-control': 'no-store',
              'content-security-policy': PAGE_CSP,
              'x-content-type-options': 'nosniff',
              'referrer-policy': 'no-referrer',
            },
          });
        case '/api/health':
          return json(watch.health());
        case '/api/stats':
          return json(router.stats());
        case '/api/budgets':
          return json({ budgets: watch.budgets.snapshot() });
        case '/api/benchmarks':
          return readBenchmarks(router).then(
            (report) => json(report),
            (error: unknown) =>
              problem(500, `router.benchmarks() failed: ${(error as Error)?.message ?? error}`),
          );
        case '/api/decisions': {
          const limit = Number(url.searchParams.get('limit') ?? maxDecisions);
          if (!Number.isInteger(limit) || limit < 1) {
            return problem(400, 'limit must be a positive integer');
          }
          return json({ capacity: maxDecisions, decisions: watch.decisions.recent(limit) });
        }
        case '/api/events':
          return eventStream(request);
        default: {
          const asset = PAGE_ASSETS.get(path);
          if (asset === undefined) return undefined;
          return new Response(asset.body, {
            headers: {
              'content-type': asset.type,
              'cache-control': 'public, max-age=300',
              'x-content-type-options': 'nosniff',
            },
          });
        }
      }
    };

    if (!read) {
      return READ_PATHS.has(path) || PAGE_ASSETS.has(path)
        ? problem(405, 'use GET', { allow: 'GET, HEAD' })
        : problem(404, 'not found');
    }
    const response = respond();
    if (response === undefined) return problem(404, 'not found');
    const done = await response;
    if (method === 'HEAD') {
      await done.body?.cancel();
      return new Response(null, { status: done.status, headers: done.headers });
    }
    return done;
  };

  const handles = (pathname: string) =>
    basePath === '' || pathname === basePath || pathname.startsWith(`${basePath}/`);

  return Object.assign(handler, {
    basePath,
    handles,
    close() {
      if (closed) return;
      closed = true;
      watch.close();
      for (const end of [...streams]) end();
    },
  });
}

function normalizeBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' || basePath === '/') return '';
  if (typeof basePath !== 'string' || !basePath.startsWith('/')) {
    throw new TypeError(
      `createDashboard: basePath must start with "/" (got ${JSON.stringify(basePath)})`,
    );
  }
  return basePath.replace(/\/+$/, '');
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`createDashboard: ${name} must be a positive integer (got ${value})`);
  }
  return value;
}
