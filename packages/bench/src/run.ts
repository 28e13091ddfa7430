import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  assistantMessage,
  type ChatRequest,
  createRouter,
  createRuleClassifier,
  defineTool,
  learnedTierPolicy,
  type Router,
  trainRouter,
} from '@switchyard/core';
import { z } from 'zod';
import {
  failingProvider,
  HOST_RULES,
  PROMPT_1KB,
  threeTools,
  toolCallingProvider,
  zeroLatencyProvider,
} from './fixtures.js';
import {
  type Budget,
  collectGarbage,
  type Measurement,
  measure,
  measureDifference,
  throughput,
} from './harness.js';
import { langChain, type Peer, vercelAiSdk } from './peers.js';
import { redisRows } from './redis-rows.js';

const smoke = process.argv.includes('--smoke');
const FAST: Budget = smoke
  ? { warmup: 50, batches: 5, batchSize: 20 }
  : { warmup: 20_000, batches: 200, batchSize: 1_000 };
const SLOW: Budget = smoke
  ? { warmup: 20, batches: 3, batchSize: 10 }
  : { warmup: 5_000, batches: 100, batchSize: 300 };
const STREAMS = smoke ? 200 : 10_000;
const RPS_MS = smoke ? 200 : 3_000;

const models = {
  fast: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'],
  strong: ['anthropic:claude-sonnet-5', 'openai:gpt-4o'],
};
function makeRouter(extra: Partial<Parameters<typeof createRouter>[0]> = {}): Router {
  return createRouter({
    providers: [zeroLatencyProvider('openai'), zeroLatencyProvider('anthropic')],
    models,
    classifier: { rules: HOST_RULES },
    ...extra,
  });
}
// Each call asks something new (a cache miss); building the request is included in every
// measurement, the baseline's too.
const unique = (i: number): ChatRequest => ({
  messages: [{ role: 'user', content: `${PROMPT_1KB} #${i}` }],
});
const same: ChatRequest = { messages: [{ role: 'user', content: PROMPT_1KB }] };
const swallow = () => undefined;

interface Row {
  readonly name: string;
  readonly m?: Measurement | undefined;
  readonly value?: string | undefined;
  readonly target?: string | undefined;
  readonly met?: boolean | undefined;
}
const rows: Row[] = [];
const log = (line: string) => {
  if (!smoke) process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  log(
    `Switchyard benchmarks (${smoke ? 'smoke' : 'full'}) on ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}\n`,
  );

  // 1. The provider call alone.
  const provider = zeroLatencyProvider('openai');
  const options = { signal: new AbortController().signal };
  const direct = await measure(
    (i) => provider.chat({ model: 'gpt-4o-mini', messages: unique(i).messages }, options),
    FAST,
  );
  rows.push({ name: 'direct provider call (baseline)', m: direct });

  // 2. A cache miss: classify (50 rules, 1 KB) + policies + breaker + accounting + cache key and write.
  const missRouter = makeRouter({ cache: true });
  const miss = await measure((i) => missRouter.chat(unique(i)), FAST);
  const missOverhead = miss.median - direct.median;
  rows.push({ name: 'router, cache miss (total)', m: miss });
  rows.push({
    name: 'router, cache miss: overhead over the call',
    value: us(missOverhead),
    target: '≤ 10 µs',
    met: missOverhead <= 10,
  });
  await missRouter.close();

  const plainRouter = makeRouter();
  const plain = await measure((i) => plainRouter.chat(unique(i)), FAST);
  rows.push({
    name: 'router, no cache: overhead over the call',
    value: us(plain.median - direct.median),
  });
  await plainRouter.close();

  // A miss with three tools: the cache key and the context filter read the tools' current content,
  // whether the host reuses one list (kept from an earlier call) or builds it per call.
  const toolRouter = makeRouter({ cache: true });
  const sharedTools = threeTools();
  const reusedTools = await measure(
    (i) => toolRouter.chat({ ...unique(i), tools: sharedTools }),
    FAST,
  );
  rows.push({
    name: 'router, cache miss, 3 tools reused: overhead',
    value: us(reusedTools.median - direct.median),
  });
  const freshTools = await measure(
    (i) => toolRouter.chat({ ...unique(i), tools: threeTools() }),
    FAST,
  );
  const building = await measure(() => threeTools(), FAST);
  rows.push({
    name: 'router, cache miss, 3 tools built per call: overhead',
    value: us(freshTools.median - building.median - direct.median),
  });
  await toolRouter.close();

  // The tool loop's own cost per step: a two-turn loop (one call of a trivial tool) run by the
  // router against the same two turns run by hand by the host, the tool called directly.
  const loopRouter = createRouter({
    providers: [toolCallingProvider('openai')],
    models: { fast: 'openai:gpt-4o-mini' },
  });
  const lookup = defineTool({
    name: 'lookup',
    description: 'Looks a key up',
    parameters: z.object({ key: z.string() }),
    execute: ({ key }) => ({ key, value: 1 }),
  });
  const byRouter = await measure(
    (i) => loopRouter.chat({ ...unique(i), tools: [lookup], maxSteps: 2 }),
    SLOW,
  );
  const byHand = await measure(async (i) => {
    const first = unique(i);
    const turn = await loopRouter.chat({ ...first, tools: [lookup] });
    const call = turn.toolCalls[0];
    if (call === undefined) throw new Error('bench: no tool call');
    const result = lookup.execute(lookup.schema.parse(call.arguments), {
      signal: new AbortController().signal,
      toolCallId: call.id,
    });
    return loopRouter.chat({
      messages: [
        ...first.messages,
        assistantMessage(turn),
        { role: 'tool', toolCallId: call.id, content: JSON.stringify(result) },
      ],
      tools: [lookup],
    });
  }, SLOW);
  rows.push({
    name: 'tool loop: overhead per step over the host running it by hand',
    value: us(byRouter.median - byHand.median),
  });
  await loopRouter.close();

  // 3. A cache hit.
  const hitRouter = makeRouter({ cache: true });
  await hitRouter.chat(same);
  const hit = await measure(() => hitRouter.chat(same), FAST);
  rows.push({ name: 'router, cache hit', m: hit, target: '≤ 5 µs', met: hit.median <= 5 });
  await hitRouter.close();

  // 4. Open breakers: the request fails fast (typed error, no call), and a skip's marginal cost.
  const broken = createRouter({
    providers: [failingProvider('openai'), zeroLatencyProvider('anthropic')],
    models: {
      down: ['openai:gpt-4o-mini'],
      mixed: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'],
      healthy: ['anthropic:claude-haiku-4-5'],
    },
    retry: { maxRetries: 0 },
    breaker: { failureThreshold: 1 },
  });
  await broken.chat({ model: 'down', messages: same.messages }).catch(swallow);
  const down: ChatRequest = { model: 'down', messages: same.messages };
  const failFast = await measure(() => broken.chat(down).catch(swallow), FAST);
  rows.push({ name: 'open breaker: request refused (typed error)', m: failFast });
  const mixed: ChatRequest = { model: 'mixed', messages: same.messages };
  const healthy: ChatRequest = { model: 'healthy', messages: same.messages };
  const skip = await measureDifference(
    () => broken.chat(mixed),
    () => broken.chat(healthy),
    FAST,
  );
  rows.push({
    name: 'open breaker: cost of skipping one candidate',
    value: us(skip),
    target: '≤ 2 µs',
    met: skip <= 2,
  });
  await broken.close();

  // 5. Classification of a 1 KB message against 50 rules.
  const classifier = createRuleClassifier({ rules: HOST_RULES });
  const input = { text: PROMPT_1KB, messages: same.messages, request: same };
  const classify = await measure(() => classifier.classify(input), FAST);
  rows.push({
    name: 'classification, 1 KB, 50 rules',
    m: classify,
    target: '≤ 5 µs',
    met: classify.median <= 5,
  });

  // 5b. The learned router: a prediction for two models over a 1 KB prompt, and a cache miss with
  // the learned tier policy deciding (instead of the rules).
  const learned = trainRouter(
    Array.from({ length: 400 }, (_, i) => ({
      prompt: `${PROMPT_1KB.slice(0, 200 + (i % 800))} case ${i}`,
      model: i % 2 === 0 ? 'openai:gpt-4o-mini' : 'anthropic:claude-sonnet-5',
      score: (i * 7) % 3 === 0 ? 0 : 1,
      time: 0,
    })),
    { seed: 1 },
  );
  const scores = new Float64Array(2);
  const predict = await measure(() => learned.predictInto(PROMPT_1KB, scores), FAST);
  rows.push({
    name: 'learned prediction, 1 KB, two models',
    m: predict,
    target: '≤ 10 µs',
    met: predict.median <= 10,
  });
  const learnedRouter = makeRouter({
    cache: true,
    routing: {
      policies: [
        learnedTierPolicy({
          model: learned,
          cheap: { route: 'fast', model: 'openai:gpt-4o-mini' },
          strong: { route: 'strong', model: 'anthropic:claude-sonnet-5' },
          threshold: 0,
        }),
      ],
    },
  });
  const learnedMiss = await measureDifference(
    (i) => learnedRouter.chat(unique(i)),
    (i) => provider.chat({ model: 'gpt-4o-mini', messages: unique(i).messages }, options),
    FAST,
  );
  rows.push({
    name: 'router, cache miss, learned policy: overhead over the call',
    value: us(learnedMiss),
    target: '≤ 12 µs',
    met: learnedMiss <= 12,
  });
  await learnedRouter.close();
  // 5c. The category policy with fresh benchmark scores, against the same router without it (both
  // classify: the tier policy needs the classification anyway).
  const mathQuestion: ChatRequest = {
    messages: [{ role: 'user', content: 'Solve 2x + 5 = 15 for x, and explain each step.' }],
  };
  const withoutScores = makeRouter();
  const benchmarked = makeRouter({ benchmarks: { concurrency: 8 } });
  await benchmarked.runBenchmarks();
  const staticTable = makeRouter({
    routing: {
      categoryScores: {
        math: { 'openai:gpt-4o-mini': 0.8, 'anthropic:claude-haiku-4-5': 0.6 },
      },
    },
  });
  const fresh = await measureDifference(
    () => benchmarked.chat(mathQuestion),
    () => withoutScores.chat(mathQuestion),
    FAST,
  );
  const fromTable = await measureDifference(
    () => staticTable.chat(mathQuestion),
    () => withoutScores.chat(mathQuestion),
    FAST,
  );
  rows.push({
    name: 'category policy, fresh benchmark scores: cost per request',
    value: us(fresh),
  });
  rows.push({ name: 'category policy, static table: cost per request', value: us(fromTable) });
  await Promise.all([withoutScores.close(), benchmarked.close(), staticTable.close()]);

  // 6. Throughput in one process.
  const rpsRouter = makeRouter({ cache: true });
  const rps = await throughput((i) => rpsRouter.chat(unique(i)), 64, RPS_MS);
  rows.push({
    name: 'requests per second (cache misses, 64 in flight)',
    value: `${Math.round(rps).toLocaleString('en-US')}/s`,
    target: '≥ 100,000/s',
    met: rps >= 100_000,
  });
  await rpsRouter.close();

  // 7. Memory per in-flight stream.
  const perStream = await streamMemory();
  rows.push({
    name: `memory per in-flight stream (${STREAMS.toLocaleString('en-US')} open)`,
    value: `${Math.round(perStream).toLocaleString('en-US')} bytes`,
  });

  // 7b. A cache shared through Redis (a local Redis on REDIS_URL; the row says so when none runs).
  rows.push(...(await redisRows(SLOW)));

  // 8. The same job with the libraries a user would otherwise pick, each row naming the version
  // it measured. AI SDK 7 declares Node >= 22: on an older Node its row says it was not run.
  const peers: { name: string; direct: Measurement; miss: Measurement; hit: Measurement }[] = [];
  const measurePeer = async (name: string, peer: Peer) => {
    const direct = await measure(() => peer.direct(), SLOW);
    const miss = await measure((i) => peer.call(`${PROMPT_1KB} #${i}`), SLOW);
    await peer.call(PROMPT_1KB);
    const hit = await measure(() => peer.call(PROMPT_1KB), SLOW);
    peers.push({ name, direct, miss, hit });
  };
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor >= 22) {
    const { vercelAiSdk7 } = await import('./peers-ai7.js');
    await measurePeer(
      `Vercel AI SDK ${version('ai7')} (cache + fallback middleware)`,
      vercelAiSdk7(),
    );
  } else {
    rows.push({
      name: `Vercel AI SDK ${version('ai7')}: not run (needs Node ≥ 22; this run: Node ${process.versions.node})`,
    });
  }
  await measurePeer(`Vercel AI SDK ${version('ai')} (cache + fallback middleware)`, vercelAiSdk());
  await measurePeer(
    `LangChain.js core ${version('@langchain/core')} (withFallbacks + InMemoryCache)`,
    langChain(),
  );
  for (const peer of peers) {
    const overhead = peer.miss.median - peer.direct.median;
    const missRatio = overhead / missOverhead;
    const hitRatio = peer.hit.median / hit.median;
    rows.push({ name: `${peer.name}: miss (total)`, m: peer.miss });
    rows.push({
      name: `${peer.name}: miss overhead vs ours`,
      value: `${us(overhead)} = ${missRatio.toFixed(1)}× ours`,
      target: '≥ 5×',
      met: missRatio >= 5,
    });
    rows.push({
      name: `${peer.name}: hit`,
      m: peer.hit,
      value: `${hitRatio.toFixed(1)}× ours`,
      target: '≥ 5×',
      met: hitRatio >= 5,
    });
  }

  const table = render(rows);
  if (smoke) {
    process.stdout.write(`bench smoke: ${rows.length} measurements ran\n`);
    return;
  }
  process.stdout.write(`\n${table}\n`);
  writeReport(table);
}

async function streamMemory(): Promise<number> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const router = createRouter({
    providers: [
      {
        specificationVersion: 'v1',
        id: 'openai',
        chat: () => Promise.reject(new Error('unused')),
        stream: () => ({
          async *[Symbol.asyncIterator]() {
            yield { type: 'text-delta' as const, text: 'first ' };
            await gate;
            yield {
              type: 'finish' as const,
              finishReason: 'stop' as const,
              usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
            };
          },
        }),
      },
    ],
    models: { fast: ['openai:gpt-4o-mini'] },
  });
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const open: { iterator: AsyncIterator<unknown>; pending: Promise<IteratorResult<unknown>> }[] =
    [];
  for (let i = 0; i < STREAMS; i++) {
    const iterator = router
      .stream({ messages: [{ role: 'user', content: `stream ${i}` }] })
      [Symbol.asyncIterator]();
    await iterator.next(); // start
    await iterator.next(); // first delta
    open.push({ iterator, pending: iterator.next() }); // waiting for the next chunk, idle timer armed
  }
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  release();
  for (const s of open) {
    await s.pending;
    await s.iterator.next();
  }
  await router.close();
  return (after - before) / STREAMS;
}

/** The version of a peer package as pinned in this package's manifest (`npm:ai@7.0.173` → 7.0.173). */
function version(dependency: string): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as {
    dependencies: Record<string, string>;
  };
  const spec = manifest.dependencies[dependency] ?? '?';
  return spec.slice(spec.lastIndexOf('@') + 1);
}

function us(value: number): string {
  return `${value.toFixed(2)} µs`;
}

/** A Markdown table with padded columns, as the repository's formatter writes it. */
function render(list: readonly Row[]): string {
  const cells = list.map((row) => [
    row.name,
    row.m === undefined
      ? (row.value ?? '')
      : `${us(row.m.median)}${row.value ? ` (${row.value})` : ''}`,
    row.m === undefined ? '' : `${row.m.p25.toFixed(2)}–${row.m.p75.toFixed(2)}`,
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : '**no**',
  ]);
  const header = ['measurement', 'median', 'p25–p75', 'target', 'met'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((row) => (row[i] as string).length)),
  );
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function writeReport(table: string): void {
  const path = fileURLToPath(new URL('../../../docs/performance.md', import.meta.url));
  const cpu = os.cpus();
  const generated = [
    '<!-- bench:start (written by `pnpm bench`; edit outside these markers) -->',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}.`,
    '',
    table,
    '<!-- bench:end -->',
  ].join('\n');
  let doc: string;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    doc = '# Performance\n\n<!-- bench:start --><!-- bench:end -->\n';
  }
  const next = doc.replace(/<!-- bench:start[\s\S]*?<!-- bench:end -->/, generated);
  writeFileSync(path, next);
  process.stdout.write(`\nwrote ${path}\n`);
}

await main();
