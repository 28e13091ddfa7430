// Takes docs/dashboard.png: the demo with realistic latency and traffic, a groq outage part-way
// through, captured in Debian's Chromium. Run with `pnpm --filter @switchyard/example-dashboard
// screenshot` (about 25 s).
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from './demo-server.js';
import { startTraffic } from './traffic.js';

const demo = await startDemo({ token: 'screenshot-token' });
const stop = startTraffic(demo, { perSecond: 10, outageEveryMs: 9_000, outageMs: 4_000 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(demo.url);
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  const out = fileURLToPath(new URL('../../../docs/dashboard.png', import.meta.url));
  await page.screenshot({ path: out, fullPage: true });
  console.log(`Saved ${out}`);
} finally {
  stop();
  await browser.close();
  await demo.close();
}
