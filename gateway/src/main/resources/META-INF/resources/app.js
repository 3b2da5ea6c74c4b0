// The gateway's live UI: plain DOM, no framework, nothing fetched from outside the gateway.
// The grid and the share chart (share-chart.js) are fed by /gateway/events (so they show
// every client's requests, not only this page's); the panels poll /gateway/stats and
// /gateway/status once a second; the rollout panel (rollout.js) polls /gateway/rollout.
'use strict';

const GRID_SIZE = 200;
const REFRESH_MS = 1000;
const MAX_IN_FLIGHT = 20; // the generator skips a beat rather than queueing behind a slow upstream

// Used when a version's own color is not known (yet). No red: red marks errors.
const PALETTE = ['#3b82f6', '#22c55e', '#f59e0b', '#a855f7', '#14b8a6', '#ec4899', '#eab308', '#94a3b8'];
// The sample service's named colors, as tones that stay vivid on a dark wall projection.
const NAMED_COLORS = {
  blue: '#3b82f6', green: '#22c55e', red: '#ef4444', orange: '#f97316', yellow: '#eab308',
  purple: '#a855f7', teal: '#14b8a6', pink: '#ec4899', gray: '#94a3b8', black: '#000000',
};

const $ = (selector) => document.querySelector(selector);

/** Creates an element; text always goes in as text, never as HTML (problems come from user files). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

// ---------------------------------------------------------------- version colors

const versionColors = new Map();   // version -> CSS color
const ownColors = new Set();       // versions whose color came from the service itself
const groupVersions = new Map();   // group -> version it last answered with (colors the split bars)

/**
 * A stable palette color, the same after a page reload: by major version when the name has
 * one (1.x blue, 2.x green, like the sample's own colors), else by a hash of the name.
 */
function paletteColor(version) {
  const major = /^v?(\d+)\./.exec(version);
  let start = 0;
  if (major) start = Math.max(0, Number(major[1]) - 1);
  else for (const ch of version) start = (start * 31 + ch.charCodeAt(0)) >>> 0;
  const taken = new Set(versionColors.values());
  for (let i = 0; i < PALETTE.length; i++) {
    const color = PALETTE[(start + i) % PALETTE.length];
    if (!taken.has(color)) return color;
  }
  return PALETTE[start % PALETTE.length];
}

function colorFor(version) {
  if (!versionColors.has(version)) {
    versionColors.set(version, paletteColor(version));
    renderVersionColors();
  }
  return versionColors.get(version);
}

/** Adopts the color a version reports in its identity, unless another version already shows it. */
function learnColor(version, color) {
  if (!version || !color || ownColors.has(version)) return;
  const css = NAMED_COLORS[color] || (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(color) ? color : null);
  const clash = [...versionColors].some(([v, c]) => v !== version && c === css);
  if (!css || clash) return;
  ownColors.add(version);
  versionColors.set(version, css);
  renderVersionColors();
}

/** One CSS rule per version, so a color learned later recolors every cell already drawn. */
function renderVersionColors() {
  $('#version-colors').textContent = [...versionColors]
    .map(([v, c]) => `[data-version="${CSS.escape(v)}"] { --version-color: ${c}; }`)
    .join('\n');
  renderLegend();
}

function renderLegend() {
  const items = [...versionColors.keys()].sort().map((v) =>
    el('span', { class: 'legend-item', 'data-version': v }, el('span', { class: 'swatch' }), v));
  items.push(el('span', { class: 'legend-item' }, el('span', { class: 'swatch error-swatch' }, '✕'), 'error (5xx)'));
  $('#legend').replaceChildren(...items);
}

// ---------------------------------------------------------------- grid

/** Adds one exchange as the newest cell; the oldest falls off the end. */
function addCell(exchange) {
  colorFor(exchange.version);
  groupVersions.set(exchange.group, exchange.version);
  const failed = exchange.status >= 500 || exchange.error;
  const cell = el('div', {
    class: failed ? 'cell error' : 'cell',
    'data-version': exchange.version,
    'data-group': exchange.group,
    'data-status': exchange.status,
    'data-millis': exchange.millis,
    'data-reason': exchange.reason || '',
    title: describe(exchange),
  }, failed ? '✕' : '');
  cell.exchange = exchange;
  const grid = $('#grid');
  grid.prepend(cell);
  while (grid.childElementCount > GRID_SIZE) grid.lastElementChild.remove();
}

function describe(e) {
  const when = new Date(e.at).toLocaleTimeString();
  return `${e.version} · group ${e.group} · ${e.status} · ${formatMillis(e.millis)} ms · ${e.reason || 'no reason'}`
    + (e.error ? ` · ${e.error}` : '') + ` · ${when}`;
}

/** The hover details in large type: a native tooltip is too small to read on a wall. */
function showCellInfo(event) {
  const cell = event.target.closest('.cell');
  if (cell) $('#cell-info').textContent = describe(cell.exchange);
}

let eventsLive = false;

function connectEvents() {
  const source = new EventSource('gateway/events');
  source.onopen = () => { eventsLive = true; setConnection('live', 'live'); };
  source.onmessage = (message) => {
    const exchange = JSON.parse(message.data);
    addCell(exchange);
    shareChart.add(exchange);
  };
  // EventSource reconnects by itself; say so meanwhile.
  source.onerror = () => { eventsLive = false; setConnection('down', 'reconnecting…'); };
}

/** live: events and polling work; polling: only the panels update (the grid does not). */
function setConnection(state, text) {
  const node = $('#connection');
  node.dataset.state = state;
  node.textContent = text;
}

// ---------------------------------------------------------------- stats and status

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** Polls both endpoints, then schedules the next poll (never two at once on a slow gateway). */
async function refresh() {
  try {
    const [stats, status] = await Promise.all([getJson('gateway/stats'), getJson('gateway/status')]);
    renderSplit(stats);
    renderVersions(stats);
    renderStatus(status);
    renderUpstreams(status.upstreams || [], stats.upstreams || []);
    if (eventsLive) setConnection('live', 'live'); else setConnection('polling', 'grid paused: no event stream');
  } catch (e) {
    setConnection('down', 'gateway unreachable');
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

function formatMillis(ms) {
  return ms >= 100 ? Math.round(ms).toString() : ms.toFixed(1);
}

function formatPercent(p) {
  return `${Math.round(p * 10) / 10}%`;
}

/**
 * Keeps one child per key and updates it in place: bars then glide instead of flickering,
 * and a hovered or inspected element survives the next refresh.
 */
function syncChildren(container, items, keyOf, create, update, empty) {
  if (items.length === 0) {
    container.replaceChildren(empty);
    return;
  }
  const existing = new Map([...container.children].map((child) => [child.dataset.key, child]));
  const nodes = items.map((item) => {
    const key = keyOf(item);
    const node = existing.get(key) || create(item);
    node.dataset.key = key;
    update(node, item);
    return node;
  });
  const sameOrder = nodes.length === container.children.length && nodes.every((n, i) => container.children[i] === n);
  if (!sameOrder) container.replaceChildren(...nodes);
}

/** Two bars per group: what the config asks for, and what the window saw. */
function renderSplit(stats) {
  $('#window').textContent = stats.windowSeconds;
  syncChildren($('#observed-split'), stats.groups, (g) => g.name,
    (g) => el('div', { class: 'split-row', 'data-group': g.name },
      el('div', { class: 'split-name' }, g.name, el('small')),
      el('div', { class: 'bars' }, bar('configured'), bar('observed'))),
    (row, g) => {
      const configured = g.configuredShare ?? 0;
      const version = groupVersions.get(g.name);
      row.dataset.configured = configured;
      row.dataset.observed = g.observedShare;
      row.style.setProperty('--version-color', version ? colorFor(version) : '');
      row.querySelector('small').textContent = version || '';
      setBar(row.querySelector('.configured'), configured, `configured ${configured}%`);
      setBar(row.querySelector('.observed'), g.observedShare,
        `observed ${formatPercent(g.observedShare)} · ${g.requests} reqs`);
    },
    el('p', { class: 'note' }, 'no traffic and no config yet'));
}

function bar(kind) {
  return el('div', { class: `bar ${kind}` }, el('div', { class: 'fill' }), el('span', { class: 'bar-label' }));
}

function setBar(node, percent, label) {
  node.querySelector('.fill').style.width = `${Math.min(100, percent)}%`;
  node.querySelector('.bar-label').textContent = label;
}

function renderVersions(stats) {
  syncChildren($('#versions tbody'), stats.versions, (v) => v.name,
    (v) => el('tr', { 'data-version': v.name },
      el('td', {}, el('span', { class: 'swatch' }), v.name),
      ...['requests', 'share', 'error-rate', 'p50', 'p95', 'p99'].map((name) => el('td', { class: name }))),
    (row, v) => {
      colorFor(v.name);
      row.classList.toggle('has-errors', v.errors > 0);
      const cells = row.children;
      cells[1].textContent = v.requests;
      cells[2].textContent = formatPercent(v.observedShare);
      cells[3].textContent = formatPercent(v.errorRate * 100);
      cells[4].textContent = formatMillis(v.p50);
      cells[5].textContent = formatMillis(v.p95);
      cells[6].textContent = formatMillis(v.p99);
    },
    el('tr', {}, el('td', { colspan: 7, class: 'note' }, 'no requests in the window')));
}

/** One line a learner can check against the YAML they just edited. */
function strategyDetail(config) {
  switch (config.strategy.toLowerCase()) {
    case 'rolling': return `all traffic to ${config.rolling.group}`;
    case 'bluegreen': return `active ${config.bluegreen.active} · preview ${config.bluegreen.preview}`;
    case 'canary': {
      const c = config.canary;
      const flags = [c.sticky && 'sticky', c.fallback && 'fallback'].filter(Boolean).join(', ');
      // A progressive canary has no weight of its own: its steps decide (the rollout panel).
      const share = c.weight === null || c.weight === undefined ? 'progressive' : `${c.weight}%`;
      return `${share} to ${c.canary} · stable ${c.stable}${flags ? ` · ${flags}` : ''}`;
    }
    default: return '';
  }
}

function ago(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

function renderStatus(status) {
  const strategy = status.config ? status.config.strategy.toLowerCase() : 'none';
  $('#strategy').textContent = status.config ? strategy : 'no config loaded';
  $('#strategy').dataset.strategy = strategy;
  $('#strategy-detail').textContent = status.config ? strategyDetail(status.config) : '';
  $('#config-source').textContent = status.source || '–';
  $('#config-loaded').textContent = status.loadedAt
    ? `${new Date(status.loadedAt).toLocaleTimeString()} (${ago(status.loadedAt)})` : '–';
  renderRejected(status);
  renderReloads(status.reloads || []);
}

/** Loud while the newest attempt was rejected: the last good config is still serving. */
function renderRejected(status) {
  const banner = $('#rejected-banner');
  const rejected = status.lastRejected;
  const current = rejected && (!status.loadedAt || Date.parse(rejected.at) > Date.parse(status.loadedAt));
  banner.hidden = !current;
  if (current) {
    banner.textContent = `Config from ${rejected.source} rejected ${ago(rejected.at)}: `
      + `${rejected.problems.join('; ')}. ${status.config ? 'The last good config keeps serving.' : ''}`;
  }
}

function renderReloads(reloads) {
  $('#reloads').replaceChildren(...reloads.map((r) => el('li', { 'data-applied': r.applied, class: r.applied ? 'applied' : 'rejected' },
    el('span', { class: 'reload-mark' }, r.applied ? '✓' : '✕'),
    el('span', { class: 'reload-time' }, new Date(r.at).toLocaleTimeString()),
    el('span', { class: 'reload-what' }, `${r.applied ? 'applied' : 'rejected'} · ${r.source}`),
    ...(r.problems.length ? [el('ul', { class: 'problems' }, ...r.problems.map((p) => el('li', {}, p)))] : []))));
}

/**
 * Every instance of every group with its share of the window. In a cluster each is a pod, with
 * the state its EndpointSlice gives it: during a rollout old pods turn "terminating" (nothing new
 * reaches them, their share falls to 0) and new ones join "ready".
 */
function renderUpstreams(upstreams, served) {
  const shares = new Map(served.map((s) => [s.name, s]));
  syncChildren($('#upstreams'), upstreams, (u) => `${u.group} ${u.url}`,
    () => el('li', {}, el('span', { class: 'health-dot' }), el('span', { class: 'group' }),
      el('span', { class: 'instance-name' }), el('span', { class: 'endpoint-state' }),
      el('span', { class: 'instance-share' }), el('span', { class: 'url' }), el('span', { class: 'problem' })),
    (row, u) => {
      const share = shares.get(u.name);
      row.dataset.healthy = u.healthy;
      row.dataset.instance = u.name;
      row.dataset.state = u.endpoint || '';
      row.dataset.share = share ? share.observedShare : 0;
      row.querySelector('.group').textContent = `${u.group} `;
      row.querySelector('.instance-name').textContent = u.pod || u.url;
      row.querySelector('.endpoint-state').textContent = u.endpoint || '';
      row.querySelector('.instance-share').textContent = share
        ? ` ${formatPercent(share.observedShare)} · ${share.requests} reqs` : ' 0%';
      row.querySelector('.url').textContent = u.pod ? ` ${u.url}` : '';
      row.querySelector('.problem').textContent = u.problem ? ` ${u.problem}` : '';
    },
    el('li', { class: 'note' }, 'no instance: no config yet, or no ready pod'));
}

// ---------------------------------------------------------------- traffic generator

const generator = { timer: null, sent: 0, ok: 0, failed: 0, skipped: 0, inFlight: 0 };

function currentRate() {
  const input = $('#rate');
  const rate = Math.min(50, Math.max(1, Math.round(Number(input.value) || 1)));
  input.value = rate;
  return rate;
}

function startTraffic() {
  stopTraffic();
  generator.timer = setInterval(sendOne, 1000 / currentRate());
  $('#start').disabled = true;
  $('#stop').disabled = false;
  renderCounts();
}

function stopTraffic() {
  clearInterval(generator.timer);
  generator.timer = null;
  $('#start').disabled = false;
  $('#stop').disabled = true;
  renderCounts();
}

/**
 * One request through the gateway, like a learner's curl. credentials 'omit': the sticky
 * cookie would otherwise pin this browser to one version. The grid gets the result from
 * the event stream; here we only count and learn the version's color.
 */
async function sendOne() {
  if (generator.inFlight >= MAX_IN_FLIGHT) {
    generator.skipped++;
    renderCounts();
    return;
  }
  generator.inFlight++;
  generator.sent++;
  try {
    const response = await fetch('api/identity', { credentials: 'omit', cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    if (response.ok) generator.ok++; else generator.failed++;
    learnColor(body.version, body.color);
    if (body.message) {
      $('#last-answer').textContent = `“${body.message}” from ${body.pod || body.version}`;
    }
  } catch (e) {
    generator.failed++;
  } finally {
    generator.inFlight--;
    renderCounts();
  }
}

function renderCounts() {
  const counts = $('#generator-counts');
  Object.assign(counts.dataset, { sent: generator.sent, ok: generator.ok, failed: generator.failed });
  const state = generator.timer ? `${currentRate()}/s` : 'stopped';
  counts.textContent = `${state} · sent ${generator.sent} · ok ${generator.ok} · failed ${generator.failed}`
    + (generator.skipped ? ` · skipped ${generator.skipped} (upstream slow)` : '');
}

// ---------------------------------------------------------------- start

function init() {
  document.head.append(el('style', { id: 'version-colors' }));
  $('#grid-capacity').textContent = GRID_SIZE;
  renderLegend();
  $('#grid').addEventListener('mouseover', showCellInfo);
  $('#start').addEventListener('click', startTraffic);
  $('#stop').addEventListener('click', stopTraffic);
  // A new rate applies at once while running.
  $('#rate').addEventListener('change', () => { if (generator.timer) startTraffic(); });
  connectEvents();
  refresh();
  shareChart.start();
  rolloutPanel.start();
}

init();
