import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BackendStatus, createMemoryCacheStore, type WatchableStore } from '@switchyard/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from './demo-server.js';

// Debian's chromium, which .ci/run installs when it is missing. No download, no skip: without a
// browser this test fails and says why.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOKEN = 'browser-test-token-42';
// The page gets a snapshot every 250 ms here and router events as they happen; an update must
// show without a reload, within a few snapshots (generous, for a loaded 2-core CI machine).
const SNAPSHOT_MS = 250;
const UPDATE_MS = 5_000;

// The cache's store reports a backend the test takes down and brings back, as a
// @switchyard/redis store reports a Redis outage.
const backendListeners = new Set<(status: BackendStatus) => void>();
let backendStatus: BackendStatus = { backend: 'redis 127.0.0.1:6390', state: 'up' };
const watchable: WatchableStore = {
  backendStatus: () => backendStatus,
  watchBackend(listener) {
    backendListeners.add(listener);
    return () => backendListeners.delete(listener);
  },
};
const setBackend = (status: BackendStatus) => {
  backendStatus = status;
  for (const listener of [...backendListeners]) listener(status);
};

let demo: Demo;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  demo = await startDemo({
    token: TOKEN,
    latency: false,
    snapshotIntervalMs: SNAPSHOT_MS,
    cacheStore: { ...createMemoryCacheStore(), ...watchable },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('requestfailed', (request) => {
    // The event stream is cut when the page closes; anything else failing is an error.
    if (!request.url().endsWith('/api/events')) consoleErrors.push(`failed: ${request.url()}`);
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const ask = (content: string, model?: string) =>
  demo.router
    .chat({ messages: [{ role: 'user', content }], ...(model ? { model } : {}) })
    .catch(() => undefined);

describe('the dashboard page in Chromium', () => {
  it('loads with no console errors and shows every candidate closed', async () => {
    await ask('warm up');
    await page.goto(demo.url);
    await page.locator('#live', { hasText: 'live' }).waitFor({ timeout: 15_000 });
    const groq = page.locator('tr[data-candidate="groq:llama-3.1-8b-instant"] .state');
    await expect.poll(() => groq.textContent(), { timeout: UPDATE_MS }).toBe('closed');
    expect(await page.locator('#breakers tbody tr').count()).toBe(4);
    expect(await page.locator('#benchmarks .empty').textContent()).toMatch(/No benchmark engine/);
    expect(await page.locator('#decisions li.decision').count()).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
  });

  it('shows a breaker turning open after injected failures, within the update time', async () => {
    demo.vendors.groq.failNext({ status: 503, message: 'Service Unavailable' }, 10);
    for (let i = 0; i < 5; i++) await ask(`fail ${i}`, 'groq:llama-3.1-8b-instant');
    const started = Date.now();
    const row = page.locator('tr[data-candidate="groq:llama-3.1-8b-instant"]');
    await expect
      .poll(() => row.locator('.state').getAttribute('data-state'), { timeout: UPDATE_MS })
      .toBe('open');
    expect(Date.now() - started).toBeLessThan(UPDATE_MS);
    await expect.poll(() => row.textContent(), { timeout: UPDATE_MS }).toMatch(/server/);
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: UPDATE_MS })
      .toBe('degraded');
    expect(await page.locator('#events li[data-type="breaker"]').first().textContent()).toMatch(
      /groq:llama-3\.1-8b-instant: closed → open/,
    );
  });

  it('grows the cost chart after requests', async () => {
    const chart = page.locator('#cost-chart');
    const before = Number(await chart.getAttribute('data-last-cost'));
    for (let i = 0; i < 20; i++) await ask(`A careful question number ${i}?`);
    await expect
      .poll(async () => Number(await chart.getAttribute('data-last-cost')), { timeout: UPDATE_MS })
      .toBeGreaterThan(before);
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(1);
    expect(await chart.locator('canvas').count()).toBe(1);
  });

  it('refuses an action without authorisation, and runs it with the token', async () => {
    const requests = demo.router.stats().total.requests;
    expect(requests).toBeGreaterThan(0);
    await page.locator('button[data-action="reset-stats"]').click();
    const result = page.locator('#action-result');
    await expect
      .poll(() => result.textContent(), { timeout: UPDATE_MS })
      .toMatch(/refused \(401\)/);
    expect(demo.router.stats().total.requests).toBe(requests);
    // Chromium logs every 4xx answer to a fetch; this one is the refusal the test asked for.
    const refusal = consoleErrors.findIndex((text) => /status of 401/.test(text));
    expect(refusal).toBeGreaterThanOrEqual(0);
    consoleErrors.splice(refusal, 1);

    // Screenshot for docs/dashboard.md, taken before the stats are reset so the page is full.
    const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));
    const out = process.env.UPDATE_SCREENSHOT
      ? `${docs}dashboard.png`
      : fileURLToPath(new URL('../.test-results/dashboard.png', import.meta.url));
    mkdirSync(fileURLToPath(new URL('../.test-results/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });

    await page.locator('#token').fill(TOKEN);
    await page.locator('button[data-action="reset-stats"]').click();
    await expect.poll(() => result.textContent(), { timeout: UPDATE_MS }).toBe('reset-stats: done');
    expect(demo.router.stats().total.requests).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('draws benchmark scores per category when the router has them', async () => {
    const score = (category: string, model: string, value: number, fresh = true) => ({
      category,
      model,
      score: value,
      fresh,
    });
    await page.route('**/api/benchmarks', (route) =>
      route.fulfill({
        json: {
          available: true,
          suiteVersion: 'starter-1',
          scheduled: true,
          lastRun: { id: 'run-1', finishedAt: Date.now() },
          scores: [
            score('coding', 'openai:gpt-4o', 0.91),
            score('coding', 'groq:llama-3.1-8b-instant', 0.55, false),
            score('math', 'anthropic:claude-sonnet-5', 0.87),
          ],
        },
      }),
    );
    await page.reload();
    const categories = page.locator('#benchmarks .bench h3');
    await expect
      .poll(() => categories.allTextContents(), { timeout: UPDATE_MS })
      .toEqual(['coding', 'math']);
    const coding = page.locator('#benchmarks .bench').first().locator('.bench-row');
    expect(await coding.allTextContents()).toEqual([
      'openai:gpt-4o0.91',
      'groq:llama-3.1-8b-instant (stale)0.55',
    ]);
    expect(await page.locator('#benchmarks').textContent()).toMatch(/suite starter-1/);
    await page.unroute('**/api/benchmarks');
    expect(consoleErrors).toEqual([]);
  });
  it('shows a store backend going down and coming back, within the update time', async () => {
    const row = page.locator('#backends tr[data-store="cache"]');
    await expect.poll(() => row.locator('.state').textContent(), { timeout: UPDATE_MS }).toBe('up');
    expect(await row.locator('td').nth(1).textContent()).toBe('redis 127.0.0.1:6390');
    setBackend({
      backend: 'redis 127.0.0.1:6390',
      state: 'down',
      since: Date.now(),
      lastError: 'connect ECONNREFUSED 127.0.0.1:6390',
    });
    await expect
      .poll(() => row.locator('.state').textContent(), { timeout: UPDATE_MS })
      .toBe('down');
    expect(await row.textContent()).toMatch(/ECONNREFUSED/);
    expect(await page.locator('#store-timeouts').textContent()).toBe(
      'No store call has timed out.',
    );
    setBackend({ backend: 'redis 127.0.0.1:6390', state: 'up' });
    await expect.poll(() => row.locator('.state').textContent(), { timeout: UPDATE_MS }).toBe('up');
    expect(consoleErrors).toEqual([]);
  });
});
