import { readStreamEvents } from '@switchyard/http';

// A small SSE client: asks a running recipe a question and prints the answer as it streams.
// Usage: pnpm ask [url] [question]
const url = process.argv[2] ?? 'http://127.0.0.1:3000/chat';
const question = process.argv[3] ?? 'Why do circuit breakers help a service that calls LLMs?';

const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ question }),
});
if (!response.ok) {
  console.error(`${response.status}: ${await response.text()}`);
  process.exit(1);
}
for await (const event of readStreamEvents(response)) {
  if (event.type === 'start') console.log(`[${event.provider}:${event.model}]`);
  else if (event.type === 'text-delta') process.stdout.write(event.text);
  else if (event.type === 'finish') {
    const { usage, costUsd } = event.response;
    const cost = costUsd === undefined ? 'cost unknown' : `$${costUsd.toFixed(6)}`;
    console.log(`\n[${usage.inputTokens} in, ${usage.outputTokens} out, ${cost}]`);
  } else if (event.type === 'error') {
    console.error(`\n[${event.error.kind}] ${event.error.message}`);
    process.exitCode = 1;
  }
}
