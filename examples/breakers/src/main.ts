import { createRouter, type RouterHealth } from '@switchyard/core';
import { createMockProvider } from '@switchyard/testing';

// A vendor outage on mock providers: `outage` switches the primary's 503s on and off.
let outage = false;
const openai = createMockProvider({
  id: 'openai',
  latencyMs: 20,
  rules: [
    { when: () => outage, fail: { status: 503, message: 'Service Unavailable' } },
    { reply: 'answer from openai' },
  ],
});
const anthropic = createMockProvider({
  id: 'anthropic',
  latencyMs: 30,
  rules: [{ reply: 'answer from anthropic' }],
});

const started = Date.now();
const at = () => `+${String(Date.now() - started).padStart(5)} ms`;

const router = createRouter({
  providers: [openai, anthropic],
  models: { fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] },
  retry: { maxRetries: 0 },
  // The seed defaults, except a 1.5 s reset instead of 60 s so the demo is short.
  breaker: { failureThreshold: 5, resetTimeoutMs: 1_500, halfOpenMaxCalls: 3, successThreshold: 2 },
});
router.on('breaker', (event) => {
  console.log(`${at()}  breaker ${event.candidate}: ${event.from} → ${event.to}`);
});

const describe = (health: RouterHealth) =>
  health.breakers
    .map(
      (b) =>
        `${b.candidate} ${b.state} (failures in a row: ${b.consecutiveFailures}${b.nextAttemptAt ? `, next try in ${b.nextAttemptAt - Date.now()} ms` : ''})`,
    )
    .join('; ');

async function send(label: string): Promise<void> {
  const before = openai.callCount;
  const answer = await router.chat({
    messages: [{ role: 'user', content: 'Status report, please.' }],
  });
  const path = answer.route.attempts
    .map(
      (a) =>
        `${a.provider} ${a.outcome === 'skipped' ? `skipped (${a.skipReason})` : a.outcome === 'error' ? `failed (${a.errorKind})` : 'ok'}`,
    )
    .join(' → ');
  const called = openai.callCount > before ? 'openai called' : 'openai NOT called';
  console.log(`${at()}  ${label}: ${answer.text} [${path}; ${called}]`);
}

async function main(): Promise<void> {
  console.log('Switchyard breaker demo on mock providers.\n');
  console.log(`${at()}  health: ${router.health().status}; ${describe(router.health())}`);

  console.log('\n1. openai starts failing with 503s: each request falls back to anthropic');
  outage = true;
  for (let i = 1; i <= 6; i++) await send(`request ${i}`);
  console.log(`${at()}  health: ${router.health().status}; ${describe(router.health())}`);

  console.log(
    '\n2. openai recovers; the open breaker still keeps traffic away until its reset timeout',
  );
  outage = false;
  await send('request 7');
  await new Promise((resolve) => setTimeout(resolve, 1_600));

  console.log('\n3. half-open: trial requests go to openai; two successes close the breaker');
  await send('request 8');
  await send('request 9');
  await send('request 10');
  console.log(`${at()}  health: ${router.health().status}; ${describe(router.health())}`);
}

try {
  await main();
} finally {
  await router.close();
}
