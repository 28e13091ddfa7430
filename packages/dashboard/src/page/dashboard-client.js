// The status page's script. Plain browser JavaScript, served as it is by the dashboard handler
// (no build step at the host); it reads the JSON endpoints once, then follows the event stream.
(() => {
  const base = document.body.dataset.base || '';
  const MAX_POINTS = 600;
  const MAX_EVENTS = 100;
  const MAX_DECISIONS_SHOWN = 50;
  const $ = (id) => document.getElementById(id);

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (name === 'class') node.className = value;
      else node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  const ms = (value) => (value === undefined || value === null ? '–' : `${Math.round(value)} ms`);
  const usd = (value) => `$${(value || 0).toFixed(value >= 1 ? 2 : 5)}`;
  const pct = (value) => `${((value || 0) * 100).toFixed(1)} %`;
  const ago = (since) => {
    if (since === null || since === undefined) return 'since start';
    const s = Math.max(0, Math.round((Date.now() - since) / 1000));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  };

  async function getJson(path) {
    const response = await fetch(base + path, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

  // ---- charts -------------------------------------------------------------------------------
  const latencyData = [[], [], [], []];
  const costData = [[], []];
  let latencyChart;
  let costChart;

  function makeChart(container, series, data, yLabel) {
    const width = Math.max(280, container.clientWidth || 480);
    return new uPlot(
      {
        width,
        height: 200,
        series: [{}, ...series],
        axes: [{}, { label: yLabel, size: 60 }],
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      container,
    );
  }

  function initCharts() {
    latencyChart = makeChart(
      $('latency-chart'),
      [
        { label: 'p50', stroke: '#2f7ed8', width: 2 },
        { label: 'p95', stroke: '#f0a30a', width: 2 },
        { label: 'p99', stroke: '#d9534f', width: 2 },
      ],
      latencyData,
      'ms',
    );
    costChart = makeChart(
      $('cost-chart'),
      [{ label: 'cost (USD)', stroke: '#2e9d5b', fill: 'rgba(46,157,91,0.15)', width: 2 }],
      costData,
      'USD',
    );
    window.addEventListener('resize', () => {
      for (const [chart, id] of [
        [latencyChart, 'latency-chart'],
        [costChart, 'cost-chart'],
      ]) {
        chart.setSize({ width: Math.max(280, $(id).clientWidth || 480), height: 200 });
      }
    });
  }

  function pushPoint(snapshot) {
    const t = snapshot.at / 1000;
    const total = snapshot.stats.total;
    const push = (data, values) => {
      data[0].push(t);
      values.forEach((v, i) => {
        data[i + 1].push(v);
      });
      if (data[0].length > MAX_POINTS) for (const column of data) column.shift();
    };
    push(latencyData, [total.latency.p50, total.latency.p95, total.latency.p99]);
    push(costData, [total.costUsd]);
    if (latencyChart) latencyChart.setData(latencyData);
    if (costChart) costChart.setData(costData);
    const cost = $('cost-chart');
    cost.dataset.points = String(costData[0].length);
    cost.dataset.lastCost = String(total.costUsd);
  }

  // ---- sections -----------------------------------------------------------------------------
  function renderHealth(next) {
    const status = $('status');
    status.dataset.status = next.status;
    status.textContent = next.status;
    const body = $('breakers').tBodies[0];
    body.replaceChildren(
      ...next.candidates.map((c) =>
        el(
          'tr',
          { 'data-candidate': c.candidate },
          el('td', {}, c.candidate),
          el(
            'td',
            {},
            el('span', { class: 'pill state', 'data-state': c.state || 'none' }, c.state || '–'),
          ),
          el('td', { class: 'since', 'data-since': c.since }, ago(c.since)),
          el('td', {}, c.consecutiveFailures),
          el('td', {}, c.lastError ? `${c.lastError.kind} (${ago(c.lastError.at)} ago)` : '–'),
          el('td', {}, ms(c.latency?.p50)),
          el('td', {}, ms(c.latency?.p95)),
          el('td', {}, ms(c.latency?.p99)),
          el('td', {}, c.requests),
          el('td', {}, usd(c.costUsd)),
        ),
      ),
    );
  }

  // Store backends (a shared Redis, say): a down one means its store answers from local state.
  function renderStores(next) {
    const backends = next.backends || [];
    const body = $('backends').tBodies[0];
    body.replaceChildren(
      ...(backends.length === 0
        ? [
            el(
              'tr',
              { class: 'empty' },
              el('td', { colspan: 5, class: 'muted' }, 'No store reports a backend.'),
            ),
          ]
        : backends.map((b) =>
            el(
              'tr',
              { 'data-store': b.store, 'data-backend': b.backend },
              el('td', {}, b.store),
              el('td', {}, b.backend),
              el('td', {}, el('span', { class: 'pill state', 'data-state': b.state }, b.state)),
              el('td', {}, b.state === 'down' ? ago(b.since) : '–'),
              el('td', {}, b.lastError || '–'),
            ),
          )),
    );
    const timeouts = next.stores;
    $('store-timeouts').textContent = timeouts
      ? `${timeouts.timeouts} store call(s) timed out; the last: ${timeouts.lastTimeout.store}, ${ago(timeouts.lastTimeout.at)} ago.`
      : 'No store call has timed out.';
  }

  function onBreaker(event) {
    const row = document.querySelector(`tr[data-candidate="${CSS.escape(event.candidate)}"]`);
    if (!row) return;
    const pill = row.querySelector('.state');
    pill.dataset.state = event.to;
    pill.textContent = event.to;
    const since = row.querySelector('.since');
    since.dataset.since = String(event.at);
    since.textContent = ago(event.at);
  }

  function figures(id, pairs) {
    $(id).replaceChildren(
      ...pairs.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)]),
    );
  }

  function renderStats(stats) {
    const t = stats.total;
    figures('totals', [
      ['requests', t.requests],
      ['errors', t.errors],
      ['retries', t.retries],
      ['fallbacks', t.fallbacks],
      ['tokens', t.tokens.total],
      ['cost', usd(t.costUsd)],
      ['since', new Date(stats.since).toLocaleTimeString()],
    ]);
    const cache = stats.cache;
    figures(
      'cache',
      cache
        ? [
            ['hit rate', pct(cache.hitRate)],
            ['hits', cache.hits],
            ['coalesced', cache.coalesced],
            ['misses', cache.misses],
            ['writes', cache.writes],
            ['bytes held', cache.store?.bytes ?? '–'],
          ]
        : [['cache', 'off']],
    );
    $('spend').tBodies[0].replaceChildren(
      ...Object.entries(stats.byProvider).map(([name, g]) =>
        el(
          'tr',
          {},
          el('td', {}, name),
          el('td', {}, g.requests),
          el('td', {}, g.tokens.total),
          el('td', {}, usd(g.costUsd)),
        ),
      ),
    );
  }

  function renderBudgets(budgets) {
    const box = $('budgets');
    if (!budgets || budgets.length === 0) {
      box.replaceChildren(el('p', { class: 'muted' }, 'No budgets given to the dashboard.'));
      return;
    }
    box.replaceChildren(
      ...budgets.map((b) => {
        const width = `${Math.min(100, b.fraction * 100).toFixed(1)}%`;
        const bar = el('span', { class: 'bar-fill' });
        bar.style.width = width;
        return el(
          'div',
          { class: 'budget', 'data-over': b.fraction >= 1 ? 'yes' : 'no' },
          el(
            'div',
            {},
            `${b.name}${b.tenant ? ` (${b.tenant})` : ''} · ${b.periodId}: ${usd(b.spentUsd)} of ${usd(b.limitUsd)}`,
          ),
          el('div', { class: 'bar' }, bar),
        );
      }),
    );
  }

  // Benchmark results are shown whatever their exact shape, as long as rows of category,
  // candidate and score can be found in them; anything else is shown as JSON.
  function benchmarkRows(scores) {
    const rows = [];
    const scoreOf = (v) =>
      typeof v === 'number'
        ? v
        : v && typeof v === 'object'
          ? [v.score, v.finalScore, v.total, v.overall].find((x) => typeof x === 'number')
          : undefined;
    const candidateOf = (v) =>
      v.candidate ?? (v.provider ? (v.model ? `${v.provider}:${v.model}` : v.provider) : v.model);
    if (Array.isArray(scores)) {
      for (const item of scores) {
        if (!item || typeof item !== 'object') continue;
        const score = scoreOf(item);
        const candidate = candidateOf(item);
        if (score !== undefined && candidate) {
          rows.push({ category: item.category ?? 'all', candidate, score, fresh: item.fresh });
        }
      }
    } else if (scores && typeof scores === 'object') {
      const inner = scores.categories ?? scores.results ?? scores.scores;
      if (inner && typeof inner === 'object') return benchmarkRows(inner);
      for (const [category, byCandidate] of Object.entries(scores)) {
        if (Array.isArray(byCandidate)) {
          for (const row of benchmarkRows(byCandidate)) rows.push({ ...row, category });
        } else if (byCandidate && typeof byCandidate === 'object') {
          for (const [candidate, value] of Object.entries(byCandidate)) {
            const score = scoreOf(value);
            if (score !== undefined) rows.push({ category, candidate, score });
          }
        }
      }
    }
    return rows;
  }

  function renderBenchmarks(report) {
    const box = $('benchmarks');
    if (!report.available) {
      box.replaceChildren(
        el('p', { class: 'muted empty' }, 'No benchmark engine on this router: no scores yet.'),
      );
      return;
    }
    const rows = benchmarkRows(report.scores);
    if (rows.length === 0) {
      box.replaceChildren(el('pre', {}, JSON.stringify(report.scores, null, 2)));
      return;
    }
    const categories = [...new Set(rows.map((r) => r.category))];
    const max = Math.max(...rows.map((r) => r.score), 1);
    const about = [
      report.suiteVersion && `suite ${report.suiteVersion}`,
      report.lastRun?.finishedAt &&
        `last run ${new Date(report.lastRun.finishedAt).toLocaleString()}`,
      report.running && 'running now',
      report.scheduled && 'scheduled',
    ].filter(Boolean);
    box.replaceChildren(
      ...(about.length > 0 ? [el('p', { class: 'muted' }, about.join(' · '))] : []),
      ...categories.map((category) =>
        el(
          'div',
          { class: 'bench' },
          el('h3', {}, category),
          ...rows
            .filter((r) => r.category === category)
            .sort((a, b) => b.score - a.score)
            .map((r) => {
              const fill = el('span', { class: 'bar-fill' });
              fill.style.width = `${((r.score / max) * 100).toFixed(1)}%`;
              return el(
                'div',
                { class: 'bench-row' },
                el('span', {}, r.fresh === false ? `${r.candidate} (stale)` : r.candidate),
                el('span', { class: 'bar' }, fill),
                el('span', {}, Number(r.score).toFixed(2)),
              );
            }),
        ),
      ),
    );
  }

  function decisionItem(d) {
    const what = [d.tier && `tier ${d.tier}`, d.intent, d.category, d.complexity]
      .filter(Boolean)
      .join(' · ');
    return el(
      'li',
      { class: 'decision' },
      el('div', {}, el('time', {}, new Date(d.at ?? d.receivedAt).toLocaleTimeString()), ' ', what),
      el('div', { class: 'reason' }, d.reason),
      el('div', { class: 'muted' }, `→ ${d.candidates.join(', ') || 'none'}`),
      el(
        'ul',
        { class: 'steps' },
        ...d.steps
          .filter((s) => s.verdict !== 'pass')
          .map((s) => el('li', {}, `${s.policy} (${s.verdict}): ${s.note}`)),
      ),
    );
  }

  function renderDecisions(decisions) {
    $('decisions').replaceChildren(...decisions.slice(0, MAX_DECISIONS_SHOWN).map(decisionItem));
  }

  function addDecision(d) {
    const list = $('decisions');
    list.prepend(decisionItem(d));
    while (list.children.length > MAX_DECISIONS_SHOWN) list.lastElementChild.remove();
  }

  function describe(type, e) {
    switch (type) {
      case 'attempt':
        return `${e.provider}:${e.model} ${e.outcome}${e.errorKind ? ` (${e.errorKind})` : ''}${e.skipReason ? ` (${e.skipReason})` : ''} ${ms(e.latencyMs)}`;
      case 'breaker':
        return `${e.candidate}: ${e.from} → ${e.to}`;
      case 'fallback':
        return `${e.from} → ${e.to} (${e.reason})`;
      case 'retry':
        return `${e.provider}:${e.model} retry ${e.retry} in ${ms(e.delayMs)} (${e.errorKind})`;
      case 'response':
        return `${e.provider}:${e.model} ${ms(e.latencyMs)} ${usd(e.costUsd)}${e.cached ? ' (cached)' : ''}`;
      case 'request-error':
        return `${e.kind} after ${e.attempts} attempt(s)`;
      case 'budget':
        return `${e.budget}: ${e.action} at ${usd(e.spentUsd)} of ${usd(e.limitUsd)}`;
      case 'warning':
        return `${e.code}: ${e.message}`;
      case 'session-switch':
        return `${e.sessionId}: ${e.from} → ${e.to}`;
      case 'extraction':
        return `${e.widget}: ${e.success ? 'ok' : 'failed'}`;
      case 'benchmark':
        return `run ${e.runId || ''} ${e.phase}${e.spentUsd !== undefined ? ` (${usd(e.spentUsd)})` : ''}`;
      default:
        return '';
    }
  }

  function logEvent(type, e) {
    const list = $('events');
    list.prepend(
      el(
        'li',
        { 'data-type': type },
        el('time', {}, new Date(e.receivedAt || Date.now()).toLocaleTimeString()),
        ' ',
        el('b', {}, type),
        ' ',
        describe(type, e),
      ),
    );
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
  }

  function applySnapshot(snapshot) {
    renderHealth(snapshot.health);
    renderStores(snapshot.health);
    renderStats(snapshot.stats);
    renderBudgets(snapshot.budgets);
    pushPoint(snapshot);
  }

  // ---- live updates -------------------------------------------------------------------------
  function connect() {
    const source = new EventSource(`${base}/api/events`);
    const live = $('live');
    source.addEventListener('open', () => {
      live.textContent = 'live';
    });
    source.addEventListener('error', () => {
      live.textContent = 'reconnecting…';
    });
    source.addEventListener('snapshot', (m) => applySnapshot(JSON.parse(m.data)));
    source.addEventListener('breaker', (m) => {
      const e = JSON.parse(m.data);
      onBreaker(e);
      logEvent('breaker', e);
    });
    source.addEventListener('decision', (m) => addDecision(JSON.parse(m.data)));
    source.addEventListener('benchmark', (m) => {
      const e = JSON.parse(m.data);
      logEvent('benchmark', e);
      if (e.phase === 'finish') getJson('/api/benchmarks').then(renderBenchmarks, () => undefined);
    });
    for (const type of [
      'attempt',
      'retry',
      'fallback',
      'response',
      'request-error',
      'warning',
      'budget',
      'session-switch',
      'extraction',
    ]) {
      source.addEventListener(type, (m) => logEvent(type, JSON.parse(m.data)));
    }
  }

  setInterval(() => {
    for (const cell of document.querySelectorAll('td.since')) {
      const since = cell.dataset.since;
      cell.textContent = ago(since === undefined || since === '' ? null : Number(since));
    }
  }, 1000);

  // ---- actions ------------------------------------------------------------------------------
  const token = $('token');
  token.value = sessionStorage.getItem('switchyard-dashboard-token') || '';
  token.addEventListener('change', () =>
    sessionStorage.setItem('switchyard-dashboard-token', token.value),
  );
  for (const button of document.querySelectorAll('button[data-action]')) {
    button.addEventListener('click', async () => {
      const action = button.dataset.action;
      const result = $('action-result');
      const headers = token.value ? { authorization: `Bearer ${token.value}` } : {};
      try {
        const response = await fetch(`${base}/api/actions/${action}`, { method: 'POST', headers });
        const body = await response.json().catch(() => ({}));
        result.dataset.outcome = response.ok ? 'done' : 'refused';
        result.textContent = response.ok
          ? `${action}: done`
          : `${action}: refused (${response.status}) ${body.error || ''}`;
      } catch (error) {
        result.dataset.outcome = 'failed';
        result.textContent = `${action}: ${error.message}`;
      }
    });
  }

  // ---- start --------------------------------------------------------------------------------
  initCharts();
  Promise.all([getJson('/api/decisions?limit=50'), getJson('/api/benchmarks')])
    .then(([decisions, benchmarks]) => {
      renderDecisions(decisions.decisions);
      renderBenchmarks(benchmarks);
    })
    .catch((error) => {
      $('benchmarks').textContent = `Could not load: ${error.message}`;
    });
  connect();
  setInterval(() => {
    getJson('/api/benchmarks').then(renderBenchmarks, () => undefined);
  }, 30000);
})();
