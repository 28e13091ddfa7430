import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The ESM and CommonJS builds must behave the same. One scenario (telemetry with a tracer, the
// cache, a retried failure, a stream, an error, health) runs in a child process through
// `import` of dist/index.js and through `require()` of dist/index.cjs; the two transcripts must be
// equal. The package's own tests run the source, so only this catches a difference between builds
// (such as `import.meta`, which is empty in a CommonJS bundle).

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const run = promisify(execFile);

const scenario = (load: string) => `
${load}
const spans = [];
const tracer = {
  startSpan(name, options) {
    const span = { name, attributes: { ...(options?.attributes ?? {}) }, status: undefined };
    spans.push(span);
    return {
      setAttribute: (key, value) => { span.attributes[key] = value; },
      setStatus: (status) => { span.status = status.code; },
      recordException: () => {},
      end: () => {},
    };
  },
};
let calls = 0;
const provider = {
  specificationVersion: 'v1',
  id: 'mock',
  async chat(request) {
    calls += 1;
    if (calls === 1) throw new core.ServerError('mock 503', { status: 503, provider: 'mock' });
    return { text: 'answer ' + calls, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } };
  },
  async *stream() {
    yield { type: 'text-delta', text: 'streamed' };
    yield { type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };
  },
};
const out = {};
try {
  const router = core.createRouter({
    providers: [provider],
    models: { fast: 'mock:m' },
    retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 },
    cache: true,
    telemetry: { tracer },
  });
  const ask = { model: 'fast', messages: [{ role: 'user', content: 'hi' }] };
  const first = await router.chat(ask);
  const second = await router.chat(ask);
  out.answers = [first.text, second.text, second.cached, first.route.attempts.map((a) => a.outcome)];
  const events = [];
  for await (const event of router.stream({ ...ask, messages: [{ role: 'user', content: 'stream' }] })) events.push(event.type);
  out.stream = events;
  out.error = await router.chat({ messages: [] }).then(() => 'none', (e) => [e.name, e.kind, core.SwitchyardError.isInstance(e)]);
  out.estimate = core.stableStringify({ b: 1, a: [1, { d: 2, c: 3 }] });
  out.health = router.health().breakers.map((b) => [b.candidate, b.state, b.window]);
  await router.close();
} catch (error) {
  out.thrown = [error.name, error.message];
}
out.spans = spans.map((s) => [s.name, s.status, s.attributes['gen_ai.operation.name'] ?? null]);
console.log(JSON.stringify(out));
`;

async function transcript(kind: 'esm' | 'cjs'): Promise<unknown> {
  const args =
    kind === 'esm'
      ? [
          '--input-type=module',
          '-e',
          scenario(`const core = await import(${JSON.stringify(`${dist}index.js`)});`),
        ]
      : [
          '-e',
          `(async () => { ${scenario(`const core = require(${JSON.stringify(`${dist}index.cjs`)});`)} })();`,
        ];
  const { stdout } = await run(process.execPath, args, { cwd: dist, timeout: 60_000 });
  return JSON.parse(stdout);
}

describe('the ESM and CommonJS builds', () => {
  it('run the same scenario, telemetry included, with the same transcript', async () => {
    const [esm, cjs] = await Promise.all([transcript('esm'), transcript('cjs')]);
    expect(esm).toMatchObject({ answers: ['answer 2', 'answer 2', true, ['error', 'success']] });
    expect((esm as { spans: unknown[] }).spans.length).toBeGreaterThan(0);
    expect(cjs).toEqual(esm);
  }, 90_000);
});
