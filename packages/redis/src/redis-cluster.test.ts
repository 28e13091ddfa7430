import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  runCacheStoreContract,
  runOutcomeStoreContract,
  runScoreStoreContract,
  runSessionStoreContract,
} from '@switchyard/testing/contract';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCacheStore } from './redis-cache-store.js';
import type { RedisCommandClient } from './redis-connection.js';
import { createRedisOutcomeStore } from './redis-outcome-store.js';
import { createRedisScoreStore } from './redis-score-store.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { createRedisSpendCounters } from './redis-spend-counters.js';
import { testPrefix } from './test-redis.test-util.js';

// A three-master Redis Cluster on free loopback ports, started and stopped by this file.
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const servers: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'sy-cluster-'));
let cluster: ReturnType<typeof createCluster>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const ports: number[] = [];
  // Cluster bus ports are port + 10 000: keep both under 65 536.
  while (ports.length < 3) {
    const port = await freePort();
    if (port < 55_000 && !ports.includes(port)) ports.push(port);
  }
  for (const port of ports) {
    servers.push(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      ),
    );
  }
  for (const port of ports) {
    for (let i = 0; i < 100; i++) {
      try {
        await run('redis-cli', ['-p', String(port), 'ping']);
        break;
      } catch {
        await sleep(50);
      }
    }
  }
  await run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((p) => `127.0.0.1:${p}`),
    '--cluster-yes',
  ]);
  for (let i = 0; i < 100; i++) {
    const { stdout } = await run('redis-cli', ['-p', String(ports[0]), 'cluster', 'info']);
    if (stdout.includes('cluster_state:ok')) break;
    await sleep(100);
  }
  cluster = createCluster({ rootNodes: ports.map((p) => ({ url: `redis://127.0.0.1:${p}` })) });
  cluster.on('error', () => {});
  await cluster.connect();
}, 30_000);

afterAll(async () => {
  await cluster?.close();
  for (const server of servers) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const client = () => cluster as unknown as RedisCommandClient;

runCacheStoreContract({
  name: 'redis cluster',
  create: () => createRedisCacheStore({ client: client(), prefix: testPrefix('cluster-cache') }),
});
runSessionStoreContract({
  name: 'redis cluster',
  create: () =>
    createRedisSessionStore({ client: client(), prefix: testPrefix('cluster-session') }),
});
runOutcomeStoreContract({
  name: 'redis cluster',
  create: () =>
    createRedisOutcomeStore({ client: client(), prefix: testPrefix('cluster-outcomes') }),
});
runScoreStoreContract({
  name: 'redis cluster',
  create: () => createRedisScoreStore({ client: client(), prefix: testPrefix('cluster-scores') }),
});

describe('redis cluster', () => {
  it('spreads keys over the masters and clears them on every master', async () => {
    const store = createRedisCacheStore({ client: client(), prefix: testPrefix('cluster-spread') });
    const entry = (text: string) => ({
      v: 1 as const,
      text,
      toolCalls: [],
      finishReason: 'stop' as const,
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
      provider: 'p',
      model: 'm',
      createdAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    for (let i = 0; i < 30; i++) await store.set(`k${i}`, entry(`v${i}`), 60_000);
    const perMaster = await Promise.all(
      cluster.masters.map(async (master) => (await cluster.nodeClient(master)).dbSize()),
    );
    expect(perMaster.filter((n) => n > 0).length).toBe(3);
    expect((await store.get('k7'))?.text).toBe('v7');
    expect((await store.stats()).entries).toBe(30);
    await store.clear();
    expect((await store.stats()).entries).toBe(0);
    for (let i = 0; i < 30; i++) expect(await store.get(`k${i}`)).toBeUndefined();
  });

  it('counts spend atomically with the script on a cluster', async () => {
    const counters = createRedisSpendCounters({
      client: client(),
      prefix: testPrefix('cluster-spend'),
    });
    await Promise.all(
      Array.from({ length: 20 }, () => counters.add('day|2026-11-30', 0.5, 60_000)),
    );
    expect(await counters.get('day|2026-11-30')).toBe(10);
    await counters.close();
  });
});
