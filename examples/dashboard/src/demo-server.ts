import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BudgetRule,
  type CacheStore,
  createMemoryCacheStore,
  createRouter,
  type Router,
} from '@switchyard/core';
import { createDashboard, type Dashboard, toNodeHandler } from '@switchyard/dashboard';
import { createMockProvider, type MockProvider } from '@switchyard/testing';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Defaults to 0 (any free port). */
  readonly port?: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** The bearer token the dashboard's actions need. */
  readonly token: string;
  /** Mock latency, ms. Defaults to realistic ranges; tests pass 0. */
  readonly latency?: boolean;
  /** How often the page's event stream sends a snapshot. Defaults to 1 000 ms. */
  readonly snapshotIntervalMs?: number;
  /**
   * The response cache's store. Defaults to an in-memory one; a shared store (`@switchyard/redis`)
   * shows its backend under "Stores".
   */
  readonly cacheStore?: CacheStore;
}

/** A running demo: the server, its router and the mock vendors behind it. */
export interface Demo {
  /** The dashboard's address (`http://127.0.0.1:PORT/switchyard/`). */
  readonly url: string;
  readonly router: Router;
  readonly dashboard: Dashboard;
  readonly vendors: {
    readonly groq: MockProvider;
    readonly openai: MockProvider;
    readonly anthropic: MockProvider;
  };
  close(): Promise<void>;
}

export const BASE_PATH = '/switchyard';

const usage = (input: number, output: number) => ({
  usage: { inputTokens: input, outputTokens: output },
});

/**
 * Starts a Node server with a router on three mock vendors and the dashboard mounted at
 * `/switchyard`. The host's own routes live beside it (`/` redirects to the dashboard here).
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const slow = options.latency !== false;
  const groq = createMockProvider({
    id: 'groq',
    latencyMs: slow ? { min: 10, max: 40 } : 0,
    rules: [{ reply: { text: 'A quick answer.', ...usage(180, 60) } }],
  });
  const openai = createMockProvider({
    id: 'openai',
    latencyMs: slow ? { min: 60, max: 160 } : 0,
    rules: [{ reply: { text: 'A careful answer.', ...usage(220, 180) } }],
  });
  const anthropic = createMockProvider({
    id: 'anthropic',
    latencyMs: slow ? { min: 90, max: 260 } : 0,
    rules: [{ reply: { text: 'A thorough answer with reasoning.', ...usage(260, 420) } }],
  });

  const budgets: BudgetRule[] = [
    { name: 'daily', scope: 'global', period: 'day', limitUsd: 0.5, action: 'refuse' },
    {
      name: 'strong-daily',
      scope: { alias: 'strong' },
      period: 'day',
      limitUsd: 0.2,
      action: { reroute: 'fast' },
    },
  ];
  const cacheStore = options.cacheStore ?? createMemoryCacheStore();
  const router = createRouter({
    providers: [groq, openai, anthropic],
    models: {
      fast: ['groq:llama-3.1-8b-instant', 'openai:gpt-4o-mini'],
      strong: ['anthropic:claude-sonnet-5', 'openai:gpt-4o'],
    },
    retry: { maxRetries: 1, initialDelayMs: 20, maxDelayMs: 100 },
    breaker: { failureThreshold: 5, resetTimeoutMs: 5_000 },
    cache: { store: cacheStore },
    budgets: { rules: budgets },
  });
  const dashboard = createDashboard(router, {
    basePath: BASE_PATH,
    title: 'Switchyard demo (mock vendors)',
    authorize: options.token,
    cacheStore,
    budgets,
    ...(options.snapshotIntervalMs === undefined
      ? {}
      : { snapshotIntervalMs: options.snapshotIntervalMs }),
  });

  const mounted = toNodeHandler(dashboard);
  const server = createServer((req, res) => {
    mounted(req, res, () => {
      if (req.url === '/' || req.url === '') {
        res.writeHead(302, { location: `${BASE_PATH}/` }).end();
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}${BASE_PATH}/`,
    router,
    dashboard,
    vendors: { groq, openai, anthropic },
    async close() {
      dashboard.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await router.close();
    },
  };
}
