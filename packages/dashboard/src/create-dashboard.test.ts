import {
  type ChatRequest,
  createMemoryCacheStore,
  createRouter,
  type Router,
  type RouterConfig,
  registerSecret,
  type StoreBackendHealth,
  type WatchableStore,
} from '@switchyard/core';
import { createMockProvider, type MockProvider } from '@switchyard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDashboard, type Dashboard, type DashboardOptions } from './index.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

let router: Router;
let dashboard: Dashboard;
let openai: MockProvider;
let anthropic: MockProvider;

afterEach(async () => {
  dashboard?.close();
  await router?.close();
});

function setup(options: DashboardOptions = {}, extra: Partial<RouterConfig> = {}) {
  openai = createMockProvider({
    id: 'openai',
    rules: [{ reply: { text: 'ok', usage: { inputTokens: 1000, outputTokens: 500 } } }],
  });
  anthropic = createMockProvider({
    id: 'anthropic',
    rules: [{ reply: { text: 'ok too', usage: { inputTokens: 800, outputTokens: 400 } } }],
  });
  router = createRouter({
    providers: [openai, anthropic],
    models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] },
    retry: { maxRetries: 0 },
    breaker: { failureThreshold: 2, resetTimeoutMs: 60_000 },
    ...extra,
  });
  dashboard = createDashboard(router, { basePath: '/dash', ...options });
  return dashboard;
}

const get = (path: string, init?: RequestInit) =>
  dashboard(new Request(`http://127.0.0.1/dash${path}`, init));
const getJson = async (path: string) => {
  const response = await get(path);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const post = (path: string, headers: Record<string, string> = {}) =>
  get(path, { method: 'POST', headers });

/** Reads an event stream until `done` says enough, or the time runs out. */
async function readEvents(
  response: Response,
  done: (events: { type: string; data: Record<string, unknown> }[]) => boolean,
  timeoutMs = 10_000,
) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: { type: string; data: Record<string, unknown> }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(events) && Date.now() < deadline) {
    const result = await Promise.race([
      reader.read(),
      new Promise<undefined>((resolve) => setTimeout(resolve, deadline - Date.now())),
    ]);
    if (result === undefined || result.done) break;
    buffer += decoder.decode(result.value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (type !== undefined && data !== undefined) events.push({ type, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  return { events, reader, raw: buffer };
}

describe('health', () => {
  it('reports each candidate: breaker state, time in state, last error kind, latency', async () => {
    setup();
    await router.chat(ask('warm up'));
    openai.failNext({ status: 503, message: 'Service Unavailable' }, 2);
    await router.chat(ask('one'));
    await router.chat(ask('two'));
    await tick();

    const { status, body } = await getJson('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    const candidates = body.candidates as Record<string, unknown>[];
    const gpt = candidates.find((c) => c.candidate === 'openai:gpt-4o-mini');
    expect(gpt).toMatchObject({
      state: 'open',
      consecutiveFailures: 2,
      opens: 1,
      lastError: { kind: 'server' },
    });
    expect(gpt?.since).toBeTypeOf('number');
    expect(gpt?.nextAttemptAt).toBeGreaterThan(Date.now());
    const haiku = candidates.find((c) => c.candidate === 'anthropic:claude-haiku-4-5');
    expect(haiku).toMatchObject({ state: 'closed', lastError: null, requests: 2 });
    expect(haiku?.latency).toMatchObject({ count: 2 });
  });
});

describe('store backends', () => {
  // A cache store whose backend the test takes down and brings back, as @switchyard/redis stores
  // report a Redis outage (the store then answers from local state).
  function watchedCache() {
    const listeners = new Set<(status: StoreBackendHealth) => void>();
    let status = { backend: 'redis 127.0.0.1:6390', state: 'up' as 'up' | 'down' } as {
      backend: string;
      state: 'up' | 'down';
      since?: number;
      lastError?: string;
    };
    const watchable: WatchableStore = {
      backendStatus: () => status,
      watchBackend(listener) {
        listeners.add(listener as never);
        return () => listeners.delete(listener as never);
      },
    };
    const set = (next: typeof status) => {
      status = next;
      for (const listener of [...listeners]) listener(next as StoreBackendHealth);
    };
    return { store: { ...createMemoryCacheStore(), ...watchable }, set };
  }

  it('reports each store backend and the store timeouts, and a down backend degrades the status', async () => {
    const cache = watchedCache();
    setup({}, { cache: { store: cache.store } });
    let { body } = await getJson('/api/health');
    expect(body.status).toBe('ok');
    expect(body.backends).toEqual([
      { store: 'cache', backend: 'redis 127.0.0.1:6390', state: 'up' },
    ]);
    expect(body.stores).toBeNull();

    const since = Date.now();
    cache.set({ backend: 'redis 127.0.0.1:6390', state: 'down', since, lastError: 'ECONNREFUSED' });
    ({ body } = await getJson('/api/health'));
    expect(body.status).toBe('degraded');
    expect(body.backends).toEqual([
      {
        store: 'cache',
        backend: 'redis 127.0.0.1:6390',
        state: 'down',
        since,
        lastError: 'ECONNREFUSED',
      },
    ]);
  });

  it('counts store calls that outlasted storeTimeoutMs, and names the last one', async () => {
    const slow = {
      ...createMemoryCacheStore(),
      get: () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 300)),
    };
    setup({}, { cache: { store: slow }, storeTimeoutMs: 20 });
    const before = Date.now();
    const answer = await router.chat(ask('hello'));
    expect(answer.text).toBe('ok');
    const { body } = await getJson('/api/health');
    const stores = body.stores as { timeouts: number; lastTimeout: { store: string; at: number } };
    expect(stores.timeouts).toBe(1);
    expect(stores.lastTimeout.store).toBe('cache');
    expect(stores.lastTimeout.at).toBeGreaterThanOrEqual(before);
  });

  it('answers an empty list when no store reports a backend', async () => {
    setup();
    const { body } = await getJson('/api/health');
    expect(body.backends).toEqual([]);
    expect(body.stores).toBeNull();
  });
});

describe('stats', () => {
  it('serves router.stats(): requests, tokens and cost per provider, cache counters', async () => {
    setup({}, { cache: true });
    await router.chat(ask('hello'));
    await router.chat(ask('hello'));
    const { body } = await getJson('/api/stats');
    const total = body.total as { requests: number; cached: number; costUsd: number };
    expect(total.requests).toBe(2);
    expect(total.cached).toBe(1);
    expect(total.costUsd).toBeCloseTo(router.stats().total.costUsd, 12);
    expect(total.costUsd).toBeGreaterThan(0);
    expect(body.byProvider).toHaveProperty('openai');
    expect((body.cache as { hitRate: number }).hitRate).toBe(0.5);
  });
});

describe('recent decisions', () => {
  it('keeps the newest decisions in a bounded ring, with candidates and reasons', async () => {
    setup({ maxDecisions: 3 });
    for (let i = 0; i < 5; i++) await router.chat(ask(`question ${i}`, { tenant: `t${i}` }));
    await tick();
    const { body } = await getJson('/api/decisions');
    const decisions = body.decisions as Record<string, unknown>[];
    expect(body.capacity).toBe(3);
    expect(decisions.map((d) => d.tenant)).toEqual(['t4', 't3', 't2']);
    expect(decisions[0]).toMatchObject({
      candidates: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'],
      tier: 'fast',
    });
    expect(decisions[0]?.reason).toMatch(/tier fast/);
    expect((decisions[0]?.seq as number) - (decisions[2]?.seq as number)).toBe(2);

    const limited = await getJson('/api/decisions?limit=1');
    expect((limited.body.decisions as unknown[]).length).toBe(1);
    expect((await getJson('/api/decisions?limit=zero')).status).toBe(400);
  });
});

describe('benchmarks', () => {
  it('says so when the router has no benchmark engine', async () => {
    setup();
    expect((await getJson('/api/benchmarks')).body).toEqual({ available: false });
  });

  it('serves router.benchmarks() when the router has it', async () => {
    setup();
    const scores = { coding: { 'openai:gpt-4o-mini': 0.82, 'anthropic:claude-haiku-4-5': 0.77 } };
    const withBenchmarks = Object.assign(Object.create(router) as Router, {
      benchmarks: async () => scores,
    });
    dashboard.close();
    dashboard = createDashboard(withBenchmarks, { basePath: '/dash' });
    expect((await getJson('/api/benchmarks')).body).toEqual({ available: true, scores });
  });

  it("copies the engine's report field by field, leaving its tests' prompts and answers out", async () => {
    setup();
    const score = {
      category: 'coding',
      model: 'openai:gpt-4o-mini',
      score: 0.81,
      meanQuality: 88,
      p50LatencyMs: 420,
      p95LatencyMs: 900,
      costPerTestUsd: 0.0002,
      tests: 3,
      failures: 0,
      suiteVersion: 'starter-1',
      runId: 'run-1',
      at: 1_700_000_000_000,
      ageMs: 5_000,
      fresh: true,
      secretNote: 'not a field we know',
    };
    const report = {
      scores: [score, { category: 'math' }],
      suiteVersion: 'starter-1',
      maxAgeMs: 86_400_000,
      running: false,
      scheduled: true,
      lastRun: {
        id: 'run-1',
        suiteVersion: 'starter-1',
        startedAt: 1,
        finishedAt: 2,
        models: ['openai:gpt-4o-mini'],
        categories: ['coding'],
        estimateUsd: 0.01,
        spentUsd: 0.004,
        spendCapUsd: 1,
        stopped: undefined,
        results: [{ testId: 'c1', answer: 'ANSWER-CANARY def reverse(s)' }],
        outcomes: [{ prompt: 'PROMPT-CANARY write a function' }],
      },
    };
    dashboard.close();
    dashboard = createDashboard(
      Object.assign(Object.create(router) as Router, { benchmarks: async () => report }),
      { basePath: '/dash' },
    );
    const response = await get('/api/benchmarks');
    const text = await response.text();
    expect(text).not.toMatch(/CANARY|secretNote|results|outcomes/);
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      available: true,
      suiteVersion: 'starter-1',
      scheduled: true,
      lastRun: { id: 'run-1', spentUsd: 0.004, models: ['openai:gpt-4o-mini'] },
    });
    expect(body.scores).toEqual([
      {
        category: 'coding',
        model: 'openai:gpt-4o-mini',
        score: 0.81,
        meanQuality: 88,
        p50LatencyMs: 420,
        p95LatencyMs: 900,
        costPerTestUsd: 0.0002,
        tests: 3,
        failures: 0,
        suiteVersion: 'starter-1',
        at: 1_700_000_000_000,
        ageMs: 5_000,
        fresh: true,
      },
    ]);
  });

  it('treats an engine that is off (no suite, no scores) as no engine', async () => {
    setup();
    const off = { scores: [], suiteVersion: undefined, maxAgeMs: undefined, lastRun: undefined };
    dashboard.close();
    dashboard = createDashboard(
      Object.assign(Object.create(router) as Router, { benchmarks: async () => off }),
      { basePath: '/dash' },
    );
    expect((await getJson('/api/benchmarks')).body).toEqual({ available: false });
  });
});

describe('actions', () => {
  it('are refused when the host passed no authorisation check', async () => {
    setup({ cacheStore: createMemoryCacheStore() });
    await router.chat(ask('hello'));
    const response = await post('/api/actions/reset-stats', { authorization: 'Bearer anything' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/authorize/) });
    expect(router.stats().total.requests).toBe(1);
  });

  it('need the token, compared as a bearer token', async () => {
    setup({ authorize: 'sesame-1234' });
    await router.chat(ask('hello'));
    expect((await post('/api/actions/reset-stats')).status).toBe(401);
    expect(
      (await post('/api/actions/reset-stats', { authorization: 'Bearer sesame' })).status,
    ).toBe(401);
    expect(
      (await post('/api/actions/reset-stats', { authorization: 'Basic sesame-1234' })).status,
    ).toBe(401);
    expect(router.stats().total.requests).toBe(1);
    const ok = await post('/api/actions/reset-stats', { authorization: 'Bearer sesame-1234' });
    expect(ok.status).toBe(200);
    expect(router.stats().total.requests).toBe(0);
  });

  it('accept an async authorisation function, and a throwing one refuses', async () => {
    let verdict: boolean | Error = false;
    setup({
      authorize: async (request) => {
        if (verdict instanceof Error) throw verdict;
        return verdict && request.headers.get('x-admin') === 'yes';
      },
    });
    await router.chat(ask('hello'));
    expect((await post('/api/actions/reset-stats', { 'x-admin': 'yes' })).status).toBe(401);
    verdict = new Error('session store down');
    expect((await post('/api/actions/reset-stats', { 'x-admin': 'yes' })).status).toBe(401);
    verdict = true;
    expect((await post('/api/actions/reset-stats', { 'x-admin': 'yes' })).status).toBe(200);
    expect(router.stats().total.requests).toBe(0);
  });

  it('clear the cache store the router uses', async () => {
    const store = createMemoryCacheStore();
    setup({ authorize: 'sesame-1234', cacheStore: store }, { cache: { store } });
    await router.chat(ask('hello'));
    expect((await router.chat(ask('hello'))).cached).toBe(true);
    const response = await post('/api/actions/clear-cache', {
      authorization: 'Bearer sesame-1234',
    });
    expect(response.status).toBe(200);
    expect((await router.chat(ask('hello'))).cached).toBe(false);
    expect(openai.callCount).toBe(2);
  });

  it('clear-cache without a cache store answers 501; GET on an action answers 405', async () => {
    setup({ authorize: 'sesame-1234' });
    const response = await post('/api/actions/clear-cache', {
      authorization: 'Bearer sesame-1234',
    });
    expect(response.status).toBe(501);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/cacheStore/) });
    const wrongMethod = await get('/api/actions/reset-stats');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(
      (await post('/api/actions/shutdown', { authorization: 'Bearer sesame-1234' })).status,
    ).toBe(404);
  });
});

describe('budgets', () => {
  it('shows spend against each budget, raised to what the router reports', async () => {
    const rules = [
      {
        name: 'daily',
        scope: 'global' as const,
        period: 'day' as const,
        limitUsd: 0.002,
        action: 'refuse' as const,
      },
      { scope: { tenant: '*' }, period: 'month' as const, limitUsd: 1, action: 'refuse' as const },
    ];
    setup({ budgets: rules }, { budgets: { rules } });
    await router.chat(ask('a', { tenant: 'acme' }));
    await router.chat(ask('b', { tenant: 'globex' }));
    await tick();
    const { body } = await getJson('/api/budgets');
    const budgets = body.budgets as Record<string, unknown>[];
    const daily = budgets.find((b) => b.name === 'daily');
    const costs = router.stats().total.costUsd;
    expect(daily?.spentUsd).toBeCloseTo(costs, 12);
    expect(daily).toMatchObject({ limitUsd: 0.002, action: 'refuse', period: 'day' });
    const tenants = budgets.filter((b) => b.name === 'tenant:*/month').map((b) => b.tenant);
    expect(tenants.sort()).toEqual(['acme', 'globex']);
  });
});

describe('event stream', () => {
  it('starts with a snapshot, then forwards router events and sends snapshots', async () => {
    setup({ snapshotIntervalMs: 25 });
    const response = await get('/api/events');
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const pending = readEvents(
      response,
      (events) =>
        events.some((e) => e.type === 'response') &&
        events.filter((e) => e.type === 'snapshot').length >= 2,
    );
    await tick();
    await router.chat(ask('hello'));
    const { events, reader } = await pending;
    expect(events[0]?.type).toBe('snapshot');
    expect(events[0]?.data).toHaveProperty('health');
    expect(events[0]?.data).toHaveProperty('stats');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['decision', 'attempt', 'response']),
    );
    const response1 = events.find((e) => e.type === 'response');
    expect(response1?.data).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    await reader.cancel();
  });

  it('forwards a breaker opening as it happens', async () => {
    setup({ snapshotIntervalMs: 60_000 });
    const response = await get('/api/events');
    const pending = readEvents(response, (events) => events.some((e) => e.type === 'breaker'));
    await tick();
    openai.failNext({ status: 500 }, 2);
    await router.chat(ask('one'));
    await router.chat(ask('two'));
    const { events, reader } = await pending;
    expect(events.find((e) => e.type === 'breaker')?.data).toMatchObject({
      candidate: 'openai:gpt-4o-mini',
      from: 'closed',
      to: 'open',
    });
    await reader.cancel();
  });

  it('stops the snapshot timer when the last client leaves (cancel or abort)', async () => {
    setup({ snapshotIntervalMs: 10 });
    let snapshots = 0;
    const stats = router.stats.bind(router);
    router.stats = () => {
      snapshots++;
      return stats();
    };
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    const cancelled = await get('/api/events');
    await (cancelled.body as ReadableStream<Uint8Array>).cancel();
    const abort = new AbortController();
    const aborted = await get('/api/events', { signal: abort.signal });
    (aborted.body as ReadableStream<Uint8Array>).getReader();
    // The timer runs while one client listens.
    await vi.waitFor(() => expect(snapshots).toBeGreaterThan(2), { timeout: 10_000 });
    abort.abort(); // a fetch-style host aborts the request's signal when its client goes away
    const after = snapshots;
    await wait(60);
    expect(snapshots).toBe(after);
  });

  it('stops listening to the router when closed', async () => {
    setup();
    const offs: string[] = [];
    const on = router.on.bind(router);
    const spied = Object.assign(Object.create(router) as Router, {
      on: ((type, listener) => {
        const off = on(type, listener);
        return () => {
          offs.push(type);
          off();
        };
      }) as Router['on'],
    });
    const own = createDashboard(spied);
    expect(offs).toEqual([]);
    own.close();
    own.close();
    expect(offs.sort()).toEqual(
      [
        'attempt',
        'breaker',
        'budget',
        'decision',
        'extraction',
        'fallback',
        'request-error',
        'response',
        'retry',
        'session-switch',
        'warning',
        'benchmark',
      ].sort(),
    );
  });

  it("forwards the benchmark engine's run events, its message only on opt-in", async () => {
    for (const includeContent of [false, true]) {
      setup();
      // Core's benchmark engine is not on this branch yet: catch the dashboard's listener for
      // `benchmark` events and deliver one the way the router would.
      let deliver: ((event: unknown) => unknown) | undefined;
      const on = router.on.bind(router);
      const withEngine = Object.assign(Object.create(router) as Router, {
        on: ((type: string, listener: (event: unknown) => unknown) => {
          if (type === 'benchmark') deliver = listener;
          return on(type as 'warning', listener);
        }) as Router['on'],
      });
      dashboard.close();
      dashboard = createDashboard(withEngine, { basePath: '/dash', includeContent });
      const response = await get('/api/events');
      const pending = readEvents(response, (events) => events.some((e) => e.type === 'benchmark'));
      await tick();
      deliver?.({
        type: 'benchmark',
        phase: 'error',
        scheduled: true,
        runId: 'run-7',
        spentUsd: 0.01,
        message: 'vendor said: PROMPT-CANARY',
        at: 5,
      });
      const { events, reader } = await pending;
      await reader.cancel();
      const benchmark = events.find((e) => e.type === 'benchmark')?.data;
      expect(benchmark).toMatchObject({ phase: 'error', runId: 'run-7', spentUsd: 0.01 });
      expect(benchmark?.message).toBe(includeContent ? 'vendor said: PROMPT-CANARY' : undefined);
      dashboard.close();
      await router.close();
    }
  });

  it('ends open streams when the dashboard is closed', async () => {
    setup();
    const response = await get('/api/events');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the first snapshot
    dashboard.close();
    expect((await reader.read()).done).toBe(true);
    expect((await get('/api/events')).status).toBe(503);
  });
});

describe('no API key or prompt text in any response', () => {
  const KEY = 'sk-canary-7f3e9a2b4c6d8e0f1a2b';
  const PROMPT = 'PROMPT-CANARY-please-never-show-me';

  async function everyBody(): Promise<string> {
    const paths = [
      '/',
      '/api/health',
      '/api/stats',
      '/api/budgets',
      '/api/benchmarks',
      '/api/decisions',
      '/assets/dashboard.js',
      '/assets/uplot.js',
      '/assets/dashboard.css',
      '/assets/uplot.css',
      '/nope',
    ];
    const bodies = await Promise.all(paths.map(async (p) => (await get(p)).text()));
    const actions = await Promise.all(
      ['/api/actions/reset-stats', '/api/actions/clear-cache'].map(async (p) =>
        (await post(p, { authorization: `Bearer ${KEY}` })).text(),
      ),
    );
    return [...bodies, ...actions].join('\n');
  }

  async function traffic(): Promise<string> {
    const stream = await get('/api/events');
    const pending = readEvents(
      stream,
      (events) =>
        events.some((e) => e.type === 'request-error') && events.some((e) => e.type === 'response'),
    );
    await tick();
    registerSecret(KEY);
    const metadata = { note: `${PROMPT} ${KEY}` };
    await router.chat(ask(PROMPT, { metadata, tenant: 'acme', sessionId: 's1' }));
    openai.failNext({ status: 400, message: `bad request: ${PROMPT} (key ${KEY})` }, 1);
    await router.chat(ask(`${PROMPT} again`, { metadata })).catch(() => undefined);
    const { events, reader } = await pending;
    await reader.cancel();
    return JSON.stringify(events);
  }

  it('holds on every endpoint and in the event stream', async () => {
    setup({ budgets: [{ scope: 'global', period: 'day', limitUsd: 1, action: 'refuse' }] });
    const streamed = await traffic();
    expect(streamed).toContain('request-error');
    const bodies = `${await everyBody()}\n${streamed}`;
    expect(bodies).not.toContain(KEY);
    expect(bodies).not.toContain('PROMPT-CANARY');
  });

  it('opting in sends metadata and error messages, still without the key', async () => {
    setup({ includeContent: true });
    const streamed = await traffic();
    expect(streamed).toContain('PROMPT-CANARY');
    expect(streamed).not.toContain(KEY);
  });
});

describe('page and routing', () => {
  it('serves the page with its scripts from the handler only', async () => {
    setup({ title: 'Ops <status>' });
    const page = await get('/');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).toContain('<title>Ops &lt;status&gt;</title>');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/dash/assets/uplot.js', '/dash/assets/dashboard.js']);
    expect(html).not.toMatch(/https?:\/\//);
    const uplot = await get('/assets/uplot.js');
    expect(uplot.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await uplot.text()).toMatch(/MIT License[\s\S]*var uPlot=/);
    expect(await (await get('/assets/dashboard.js')).text()).toContain('EventSource');
    expect((await get('', {})).status).toBe(200);
  });

  it('answers 404 outside the base path and for unknown paths, 405 for writes to reads', async () => {
    setup();
    expect((await dashboard(new Request('http://127.0.0.1/elsewhere'))).status).toBe(404);
    expect((await dashboard(new Request('http://127.0.0.1/dashboard'))).status).toBe(404);
    expect((await get('/api/nothing')).status).toBe(404);
    const write = await get('/api/stats', { method: 'POST' });
    expect(write.status).toBe(405);
    expect(write.headers.get('allow')).toBe('GET, HEAD');
    const head = await get('/api/health', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(dashboard.handles('/dash/api/health')).toBe(true);
    expect(dashboard.handles('/dashboard')).toBe(false);
  });

  it('rejects malformed options with a clear TypeError', () => {
    setup();
    expect(() => createDashboard(router, { basePath: 'dash' })).toThrow(
      /basePath must start with "\/"/,
    );
    expect(() => createDashboard(router, { maxDecisions: 0 })).toThrow(/maxDecisions/);
    expect(() => createDashboard(router, { authorize: 42 as unknown as string })).toThrow(
      /authorize must be/,
    );
    expect(() => createDashboard(router, { authorize: '' })).toThrow(/non-empty/);
  });
});
