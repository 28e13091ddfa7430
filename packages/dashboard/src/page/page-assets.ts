import uplotJs from 'uplot/dist/uPlot.iife.min.js?raw';
import uplotCss from 'uplot/dist/uPlot.min.css?raw';
import pageCss from './dashboard.css?raw';
import clientJs from './dashboard-client.js?raw';

/** A file the handler serves for the page. */
export interface PageAsset {
  readonly type: string;
  readonly body: string;
}

// uPlot is MIT-licensed; its notice travels with the copy we serve.
const UPLOT_NOTICE =
  '/*! uPlot 1.6.32 (c) Leon Sorokin, MIT License, https://github.com/leeoniya/uPlot */\n';

/** The page's scripts and styles, by path under the base path. */
export const PAGE_ASSETS: ReadonlyMap<string, PageAsset> = new Map([
  ['/assets/uplot.js', { type: 'text/javascript; charset=utf-8', body: UPLOT_NOTICE + uplotJs }],
  ['/assets/uplot.css', { type: 'text/css; charset=utf-8', body: uplotCss }],
  ['/assets/dashboard.js', { type: 'text/javascript; charset=utf-8', body: clientJs }],
  ['/assets/dashboard.css', { type: 'text/css; charset=utf-8', body: pageCss }],
]);

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The page: a shell that the script fills from the JSON endpoints and the event stream. */
export function renderPage(options: { readonly title: string; readonly basePath: string }): string {
  const title = escapeHtml(options.title);
  const base = escapeHtml(options.basePath);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}/assets/uplot.css">
<link rel="stylesheet" href="${base}/assets/dashboard.css">
</head>
<body data-base="${base}">
<header>
  <h1>${title}</h1>
  <span id="status" class="pill" data-status="unknown">connecting…</span>
  <span id="live" class="muted"></span>
</header>
<main>
  <section class="wide">
    <h2>Breakers</h2>
    <table id="breakers">
      <thead><tr><th>candidate</th><th>state</th><th>in state</th><th>failures in a row</th><th>last error</th><th>p50</th><th>p95</th><th>p99</th><th>requests</th><th>cost</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section>
    <h2>Latency (all requests)</h2>
    <div id="latency-chart" class="chart"></div>
  </section>
  <section>
    <h2>Cost</h2>
    <div id="cost-chart" class="chart" data-points="0"></div>
  </section>
  <section>
    <h2>Traffic</h2>
    <dl id="totals" class="figures"></dl>
  </section>
  <section>
    <h2>Cache</h2>
    <dl id="cache" class="figures"></dl>
  </section>
  <section>
    <h2>Spend against budgets</h2>
    <div id="budgets"></div>
    <table id="spend"><thead><tr><th>provider</th><th>requests</th><th>tokens</th><th>cost</th></tr></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Benchmark scores</h2>
    <div id="benchmarks"><p class="muted">loading…</p></div>
  </section>
  <section class="wide">
    <h2>Recent decisions</h2>
    <ol id="decisions"></ol>
  </section>
  <section>
    <h2>Actions</h2>
    <form id="actions">
      <label>Token <input id="token" type="password" autocomplete="off" placeholder="Bearer token"></label>
      <button type="button" data-action="clear-cache">Clear cache</button>
      <button type="button" data-action="reset-stats">Reset stats</button>
    </form>
    <p id="action-result" role="status"></p>
  </section>
  <section>
    <h2>Live events</h2>
    <ol id="events" class="log"></ol>
  </section>
  <section id="stores">
    <h2>Stores</h2>
    <table id="backends">
      <thead><tr><th>store</th><th>backend</th><th>state</th><th>down for</th><th>last error</th></tr></thead>
      <tbody></tbody>
    </table>
    <p id="store-timeouts" class="muted"></p>
  </section>
</main>
<script src="${base}/assets/uplot.js"></script>
<script src="${base}/assets/dashboard.js"></script>
</body>
</html>
`;
}
