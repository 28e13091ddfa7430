import type { Router } from '@switchyard/core';
import type { Demo } from './demo-server.js';

/** Questions a help-desk assistant gets; repeats are common, which is what the cache is for. */
const PROMPTS: readonly string[] = [
  "What's the capital of France?",
  'Translate "see you tomorrow" in Spanish',
  'Hello!',
  'Summarize the key points of our refund policy',
  'My Python script throws a KeyError when parsing the config, how do I debug it?',
  'Design a rate limiter for a multi-tenant API and explain the trade-offs step by step.',
  'Solve 3x + 7 = 22 and show the steps',
  'I feel overwhelmed with work this week, any advice?',
  'Write a function in TypeScript that deduplicates an array of objects by id',
  'Compare PostgreSQL and MongoDB for an analytics workload, with evidence',
];

/** Options of {@link startTraffic}. */
export interface TrafficOptions {
  /** Requests per second. Defaults to 8. */
  readonly perSecond?: number;
  /** Every this many ms, groq goes down for `outageMs`. Defaults to 40 000 ms. */
  readonly outageEveryMs?: number;
  /** Defaults to 8 000 ms. */
  readonly outageMs?: number;
}

/**
 * Sends a steady trickle of requests (some repeated, so the cache hits) from three tenants, and
 * takes groq down now and then so its breaker opens, half-opens and closes on the page. Returns
 * the function that stops it.
 */
export function startTraffic(demo: Demo, options: TrafficOptions = {}): () => void {
  const perSecond = options.perSecond ?? 8;
  const outageEveryMs = options.outageEveryMs ?? 40_000;
  const outageMs = options.outageMs ?? 8_000;
  let outage = false;
  let sent = 0;
  demo.vendors.groq.addRule({
    when: () => outage,
    fail: { status: 503, message: 'Service Unavailable' },
  });
  const send = (router: Router) => {
    const i = sent++;
    const base = PROMPTS[i % PROMPTS.length] as string;
    const content = Math.random() < 0.6 ? `${base} (ticket ${1000 + i})` : base;
    router
      .chat({
        messages: [{ role: 'user', content }],
        tenant: ['acme', 'globex', 'initech'][i % 3] as string,
        sessionId: `session-${i % 11}`,
      })
      .catch(() => undefined);
  };
  const traffic = setInterval(() => send(demo.router), Math.max(1, Math.round(1000 / perSecond)));
  let outageEnd: ReturnType<typeof setTimeout> | undefined;
  const outages = setInterval(() => {
    outage = true;
    outageEnd = setTimeout(() => {
      outage = false;
    }, outageMs);
  }, outageEveryMs);
  return () => {
    clearInterval(traffic);
    clearInterval(outages);
    if (outageEnd !== undefined) clearTimeout(outageEnd);
  };
}
