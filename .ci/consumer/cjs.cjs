// The same packages through require(): telemetry, a widget, the mock provider and a fake vendor
// server, as a CommonJS host would use them.
const assert = require('node:assert/strict');
const { context, trace } = require('@opentelemetry/api');
const {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} = require('@opentelemetry/sdk-trace-base');
const { createRouter, createWidgetRegistry } = require('@switchyard/core');
const { pipeToNodeResponse } = require('@switchyard/http');
const { createOpenAI } = require('@switchyard/openai');
const { createMockProvider, startFakeOpenAI } = require('@switchyard/testing');
const { generalWidget } = require('@switchyard/widget-general');

async function main() {
  // Telemetry through the global tracer provider: core loads @opentelemetry/api itself.
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  void context;

  // A widget on the mock provider.
  const mock = createMockProvider({
    id: 'mock',
    rules: [
      {
        reply: JSON.stringify({
          title: 'Warm-up',
          summary: null,
          content: { kind: 'list', ordered: false, items: ['Jog'] },
        }),
      },
    ],
  });
  const router = createRouter({
    providers: [mock],
    models: { fast: ['mock:m'], strong: ['mock:m'] },
    defaultModel: 'fast',
    telemetry: true,
  });
  const registry = createWidgetRegistry([generalWidget], { router });
  const result = await registry.handle({
    messages: [{ role: 'user', content: 'A list of warm-up drills' }],
  });
  assert.equal(result.widget, 'general-widget');
  assert.ok(exporter.getFinishedSpans().length > 0, 'no span was recorded');
  await router.close();

  // The OpenAI adapter through the real SDK against the fake vendor server, piped to a Node
  // response.
  const vendor = await startFakeOpenAI();
  vendor.stream('Hello from CJS.');
  const routed = createRouter({
    providers: [createOpenAI({ apiKey: vendor.apiKey, baseURL: vendor.baseURL })],
    defaultModel: 'openai:gpt-4o-mini',
  });
  const { createServer } = require('node:http');
  const server = createServer((_req, res) => {
    void pipeToNodeResponse(
      (signal) => routed.stream({ messages: [{ role: 'user', content: 'Hi' }], signal }),
      res,
      { format: 'text' },
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const answer = await (await fetch(`http://127.0.0.1:${server.address().port}`)).text();
  assert.equal(answer, 'Hello from CJS.');
  server.close();
  await routed.close();
  await vendor.close();

  // The contract suite runs inside vitest, which is ESM-only: require() says so plainly.
  assert.throws(
    () => require('@switchyard/testing/contract'),
    /@switchyard\/testing\/contract is ESM-only/,
  );
  console.log('cjs ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
