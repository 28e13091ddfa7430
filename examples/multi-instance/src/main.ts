// Starts two app instances in separate processes that share one Redis, and shows what they share.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// A fresh prefix per run, removed at the end.
const prefix = `switchyard-example:${randomUUID().slice(0, 8)}:`;
const script = fileURLToPath(new URL('./instance.ts', import.meta.url));

const start = (name: string) =>
  fork(script, [name], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SY_PREFIX: prefix },
  });
const send = (child: ChildProcess, message: object) =>
  new Promise<void>((resolve) => {
    child.once('message', () => resolve());
    child.send(message);
  });
const started = (child: ChildProcess) =>
  new Promise<void>((resolve) => child.once('message', () => resolve()));

const a = start('A');
const b = start('B');
await Promise.all([started(a), started(b)]);

console.log('-- a cache entry written by A is a hit in B');
await send(a, { op: 'ask', content: 'What is the capital of France?' });
await send(b, { op: 'ask', content: 'What is the capital of France?' });

console.log('-- openai fails in A until A opens its breaker; B sees it open');
await send(a, { op: 'outage' });
for (const question of ['one?', 'two?', 'three?']) await send(a, { op: 'ask', content: question });
await new Promise((resolve) => setTimeout(resolve, 100));
await send(b, { op: 'ask', content: 'A new question for B?' });

console.log(
  '-- 1 s later both go half-open: only the instance holding the trial slot calls openai',
);
await new Promise((resolve) => setTimeout(resolve, 1_400));
await Promise.all([
  send(a, { op: 'ask', content: 'Trial question for A?' }),
  send(b, { op: 'ask', content: 'Trial question for B?' }),
]);

for (const child of [a, b]) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ op: 'close' });
  await exited;
}
const admin = createClient({ url });
await admin.connect();
for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
  if (keys.length > 0) await admin.unlink(keys);
}
await admin.close();
