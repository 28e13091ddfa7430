import { randomBytes } from 'node:crypto';
import { startDemo } from './demo-server.js';
import { startTraffic } from './traffic.js';

// The dashboard's actions (clear the cache, reset the stats) need this token; set your own with
// DASHBOARD_TOKEN, or use the random one printed below.
const token = process.env.DASHBOARD_TOKEN ?? randomBytes(12).toString('hex');
const port = Number(process.env.PORT ?? 3000);

const demo = await startDemo({ port, token });
const stop = startTraffic(demo);
console.log('Switchyard dashboard demo, on mock vendors (no API keys are used or needed).');
console.log(`Open ${demo.url}`);
console.log(`Token for the actions: ${token}`);
console.log('Traffic: 8 requests a second from three tenants; groq goes down for 8 s every 40 s.');
console.log('Ctrl-C to stop.');

const shutdown = async () => {
  stop();
  await demo.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
