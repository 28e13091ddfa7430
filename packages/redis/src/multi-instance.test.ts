import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanPrefix, REDIS_URL, testPrefix } from './test-redis.test-util.js';

// Two router instances in separate Node processes share one Redis under one prefix.
const script = fileURLToPath(new URL('../test/router-instance.mjs', import.meta.url));
const prefix = testPrefix('multi');
const trialPrefix = testPrefix('trials');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Instance {
  readonly child: ChildProcess;
  readonly lines: Interface;
  readonly #waiting: ((value: Record<string, unknown>) => void)[] = [];
  constructor(env: Record<string, string> = { SY_PREFIX: prefix }) {
    this.child = spawn(process.execPath, [script], {
      env: { ...process.env, REDIS_URL, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.lines = createInterface({ input: this.child.stdout as NodeJS.ReadableStream });
    this.lines.on('line', (line) => this.#waiting.shift()?.(JSON.parse(line)));
  }
  next(): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  send(command: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = this.next();
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
    return answer;
  }
}

let a: Instance;
let b: Instance;
beforeAll(async () => {
  a = new Instance();
  b = new Instance();
  await Promise.all([a.next(), b.next()]);
}, 20_000);
afterAll(async () => {
  await Promise.all([a.send({ op: 'close' }), b.send({ op: 'close' })]);
  await cleanPrefix(prefix);
  await cleanPrefix(trialPrefix);
});

describe('two router instances in separate processes', () => {
  it('reads in one a cache entry written by the other', async () => {
    expect(await a.send({ op: 'chat', content: 'What is the capital of France?' })).toEqual({
      provider: 'openai',
      cached: false,
    });
    expect(await b.send({ op: 'chat', content: 'What is the capital of France?' })).toEqual({
      provider: 'openai',
      cached: true,
    });
    expect(await b.send({ op: 'calls' })).toEqual({ openai: 0, anthropic: 0 });
  });

  it('keeps a session on the provider chosen by the other instance', async () => {
    // A's first pick fails once, so the session settles on anthropic there.
    await a.send({ op: 'fail', times: 1 });
    expect(await a.send({ op: 'chat', content: 'session one', sessionId: 's-1' })).toMatchObject({
      provider: 'anthropic',
    });
    expect(await b.send({ op: 'chat', content: 'session two', sessionId: 's-1' })).toMatchObject({
      provider: 'anthropic',
    });
  });

  it('refuses in one a budget spent by the other', async () => {
    expect(await a.send({ op: 'chat', content: 'spend it', model: 'metered' })).toMatchObject({
      provider: 'openai',
    });
    expect(await b.send({ op: 'chat', content: 'spend more', model: 'metered' })).toEqual({
      error: 'BudgetExceededError',
    });
  });

  it('shows a breaker opened by one as open in the other within 100 ms', async () => {
    await a.send({ op: 'fail', times: 2 });
    await a.send({ op: 'chat', content: 'breaker one' });
    await a.send({ op: 'chat', content: 'breaker two' });
    const openedInA = (await a.send({ op: 'opened', candidate: 'openai:gpt-4o-mini' }))
      .at as number;
    expect(openedInA).toBeTypeOf('number');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const openedInB = (await b.send({ op: 'opened', candidate: 'openai:gpt-4o-mini' }))
      .at as number;
    expect(openedInB).toBeTypeOf('number');
    expect(openedInB - openedInA).toBeLessThan(100);
    const before = (await b.send({ op: 'calls' })).openai as number;
    expect(await b.send({ op: 'chat', content: 'breaker three' })).toMatchObject({
      provider: 'anthropic',
    });
    expect((await b.send({ op: 'calls' })).openai).toBe(before);
  });
});

describe('half-open trials across two processes', () => {
  const candidate = 'openai:gpt-4o-mini';
  let c: Instance;
  let d: Instance;
  beforeAll(async () => {
    const env = { SY_PREFIX: trialPrefix, SY_RESET_MS: '300' };
    c = new Instance(env);
    d = new Instance(env);
    await Promise.all([c.next(), d.next()]);
  }, 20_000);
  afterAll(async () => {
    await Promise.all([c.send({ op: 'close' }), d.send({ op: 'close' })]);
  });
  const halfOpens = async (instance: Instance) =>
    ((await instance.send({ op: 'transitions', candidate })).to as string[]).filter(
      (to) => to === 'half-open',
    ).length;
  const openaiCalls = async () =>
    ((await c.send({ op: 'calls' })).openai as number) +
    ((await d.send({ op: 'calls' })).openai as number);

  it('lets only one trial call reach the vendor while both are half-open', async () => {
    // c opens the breaker; d sees it open.
    await c.send({ op: 'fail', times: 2 });
    await c.send({ op: 'chat', content: 'open one' });
    await c.send({ op: 'chat', content: 'open two' });
    const deadline = Date.now() + 5_000;
    while (((await d.send({ op: 'transitions', candidate })).to as string[]).length === 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(10);
    }
    const before = await openaiCalls();
    // Questions to both, again and again: the one trial admitted hangs, so its instance keeps
    // the fleet's trial slot; the other goes half-open, finds the slot taken and opens again,
    // twice at least. Without the shared slot each instance would send its own trial.
    let n = 0;
    for (;;) {
      const trials = (await openaiCalls()) - before;
      if (trials > 1) break; // a second trial: the test fails below
      if (trials === 1 && (await halfOpens(c)) + (await halfOpens(d)) >= 4) break;
      expect(Date.now()).toBeLessThan(deadline + 10_000);
      n += 1;
      await Promise.all([
        c.send({ op: 'background', content: `hang ${n}` }),
        d.send({ op: 'background', content: `hang ${n}` }),
      ]);
      await sleep(25);
    }
    expect((await openaiCalls()) - before).toBe(1);
  }, 30_000);
});
