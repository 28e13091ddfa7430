import {
  type BreakerEvent,
  type BudgetEvent,
  createRouter,
  type GroupStats,
} from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';
import { PROMPTS, seeded } from './traffic.js';

const random = seeded(42);
const usage = (input: number, output: number) => ({
  usage: { inputTokens: input, outputTokens: output },
});

// Three mock vendors with realistic latency and injected failures.
let groqOutage = false;
const groq = createMockProvider({
  id: 'groq',
  random,
  latencyMs: { min: 10, max: 40 },
  rules: [
    { when: () => groqOutage, fail: { status: 503, message: 'Service Unavailable' } },
    {
      when: () => random() < 0.08,
      fail: { status: 429, retryAfterMs: 50, message: 'Rate limit reached' },
    },
    { reply: { text: 'A quick answer.', ...usage(180, 60) } },
  ],
});
const openai = createMockProvider({
  id: 'openai',
  random,
  latencyMs: { min: 60, max: 160 },
  rules: [
    { when: () => random() < 0.05, fail: { status: 500, message: 'Internal Server Error' } },
    { reply: { text: 'A careful answer.', ...usage(220, 180) } },
  ],
});
const anthropic = createMockProvider({
  id: 'anthropic',
  random,
  latencyMs: { min: 90, max: 260 },
  rules: [{ reply: { text: 'A thorough answer with reasoning.', ...usage(260, 420) } }],
});

const breakerHistory: string[] = [];
// The first event of each budget and action, with how often it happened: past the limit every
// strong request is rerouted and says so, so the lines would otherwise repeat.
const budgetHistory = new Map<string, { first: string; times: number }>();
const STRONG_LIMIT_USD = 0.04;
const started = Date.now();
const router = createRouter({
  providers: [groq, openai, anthropic],
  models: {
    fast: ['groq:llama-3.1-8b-instant', 'openai:gpt-4o-mini'],
    strong: ['anthropic:claude-sonnet-5', 'openai:gpt-4o'],
  },
  retry: { maxRetries: 1, initialDelayMs: 20, maxDelayMs: 100 },
  breaker: { failureThreshold: 5, resetTimeoutMs: 1_000 },
  cache: true,
  budgets: {
    rules: [
      {
        name: 'strong-daily',
        scope: { alias: 'strong' },
        period: 'day',
        limitUsd: STRONG_LIMIT_USD,
        action: { reroute: 'fast' },
      },
    ],
  },
  random,
});
let groqRecovered = false;
router.on('breaker', (e: BreakerEvent) => {
  if (e.candidate.startsWith('groq:') && e.from === 'half-open' && e.to === 'closed')
    groqRecovered = true;
  breakerHistory.push(
    `+${String(Date.now() - started).padStart(5)} ms  ${e.candidate}: ${e.from} → ${e.to}`,
  );
});
router.on('budget', (e: BudgetEvent) => {
  const action = `${e.budget}: ${e.action}${e.to ? ` to ${e.to}` : ''}`;
  const seen = budgetHistory.get(action);
  if (seen !== undefined) seen.times += 1;
  else
    budgetHistory.set(action, {
      first: `${action} at $${e.spentUsd.toFixed(4)} of $${e.limitUsd}`,
      times: 1,
    });
});

async function traffic(requests: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      // Most questions are new (a ticket number makes them unique); some repeat and hit the cache.
      const base = PROMPTS[Math.floor(random() * PROMPTS.length)] as string;
      const prompt = random() < 0.65 ? `${base} (ticket ${1000 + i})` : base;
      const tenant = ['acme', 'globex', 'initech'][i % 3];
      await router
        .chat({
          messages: [{ role: 'user', content: prompt }],
          tenant,
          sessionId: `session-${i % 17}`,
        })
        .catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** `errors 3 (rate-limit 2, server 1)`, or `errors 0`. */
function errorSummary(count: number, byKind: Readonly<Record<string, number | undefined>>): string {
  const kinds = Object.entries(byKind).filter(([, n]) => (n ?? 0) > 0);
  if (kinds.length === 0) return `errors ${count}`;
  return `errors ${count} (${kinds.map(([kind, n]) => `${kind} ${n}`).join(', ')})`;
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const ms = (value: number) => `${value.toFixed(0)} ms`;
const row = (name: string, g: GroupStats) =>
  `${name.padEnd(34)}${pad(g.requests, 9)}${pad(g.attempts, 9)}${pad(
    Object.values(g.failuresByKind).reduce((a, b) => a + (b ?? 0), 0),
    9,
  )}${pad(g.skipped, 8)}${pad(ms(g.latency.p50), 9)}${pad(ms(g.latency.p95), 9)}${pad(ms(g.latency.p99), 9)}${pad(g.tokens.total, 9)}${pad(`$${g.costUsd.toFixed(5)}`, 11)}`;
const header = `${''.padEnd(34)}${pad('answered', 9)}${pad('attempts', 9)}${pad('failures', 9)}${pad('skipped', 8)}${pad('p50', 9)}${pad('p95', 9)}${pad('p99', 9)}${pad('tokens', 9)}${pad('cost', 11)}`;

async function main(): Promise<void> {
  console.log(
    'Switchyard observability demo on mock providers: 3 vendors, injected 429s and 500s, an outage.\n',
  );
  await traffic(120, 8);
  console.log('… groq goes down for a while …');
  groqOutage = true;
  await traffic(40, 8);
  groqOutage = false;
  // Once the reset timeout has passed, trial calls go to groq again and close its breaker. A trial
  // can still meet one of groq's injected 429s and open it again, so wait and retry a few rounds.
  for (let round = 0; round < 5 && !groqRecovered; round++) {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await traffic(40, 8);
  }

  const s = router.stats();
  console.log('\nPer provider (attempt level)');
  console.log(header);
  for (const [name, g] of Object.entries(s.byProvider)) console.log(row(name, g));
  console.log('\nPer model');
  for (const [name, g] of Object.entries(s.byModel)) console.log(row(name, g));
  console.log('\nPer alias (request level)');
  for (const [name, g] of Object.entries(s.byAlias)) console.log(row(name, g));
  console.log('\nPer category');
  for (const [name, g] of Object.entries(s.byCategory)) console.log(row(name, g));

  const t = s.total;
  console.log('\nTotals');
  console.log(
    `  requests ${t.requests}, ${errorSummary(t.errors, t.errorsByKind)}, retries ${t.retries}, fallbacks ${t.fallbacks}`,
  );
  console.log(
    `  latency p50 ${ms(t.latency.p50)}, p95 ${ms(t.latency.p95)}, p99 ${ms(t.latency.p99)}, max ${ms(t.latency.max)}`,
  );
  console.log(
    `  tokens ${t.tokens.total} (in ${t.tokens.input}, out ${t.tokens.output}), cost $${t.costUsd.toFixed(5)}`,
  );
  console.log(
    `  cache: hit rate ${((s.cache?.hitRate ?? 0) * 100).toFixed(1)}% (${s.cache?.hits} hits, ${s.cache?.coalesced} coalesced, ${s.cache?.misses} misses), ${s.cache?.store?.bytes ?? 0} bytes held`,
  );
  console.log('\nBreaker history');
  for (const line of breakerHistory) console.log(`  ${line}`);
  console.log('\nBudget events');
  for (const { first, times } of budgetHistory.values())
    console.log(`  ${first}${times > 1 ? ` (and ${times - 1} more like it)` : ''}`);
  const strongSpend = s.byAlias.strong?.costUsd ?? 0;
  if (strongSpend > STRONG_LIMIT_USD)
    console.log(
      `  strong spend $${strongSpend.toFixed(4)} passes the $${STRONG_LIMIT_USD} limit: a reroute budget does not refuse, it sends new strong requests to the fast tier, and those already in flight finish`,
    );
  console.log('\nBreakers now');
  for (const b of s.breakers)
    console.log(`  ${b.candidate.padEnd(34)} ${b.state} (opened ${b.opens}×)`);
}

try {
  await main();
} finally {
  await router.close();
}
