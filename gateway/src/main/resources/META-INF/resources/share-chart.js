// The share-over-time chart: which version answered, second by second, over the last two
// minutes, as stacked areas (the picture of a rollout). Fed one exchange at a time from
// /gateway/events by app.js; rollout.js adds the rollout's events as vertical lines and its
// target weight as a dashed line. Plain SVG drawn here, no library.
'use strict';

const shareChart = (() => {
  // The last two minutes; less while the page has not seen that much, so a rollout that just
  // began fills the width instead of a sliver at its right edge.
  const MAX_SPAN_SECONDS = 120;
  const MIN_SPAN_SECONDS = 15;
  // Each second's share counts the second before it too: at 20 requests/s a 10 % share is two
  // answers a second, and the raw share would jump between 0 and 20 %. Only seconds before, so
  // the chart never shows a change before the moment it happened.
  const AVERAGE_SECONDS = 2;
  const REDRAW_MS = 1000;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const MARKED_EVENTS = new Set(['started', 'step', 'paused', 'resumed', 'promoted', 'aborted', 'retried', 'restarted']);
  const LABEL_ROWS = 3; // marker labels close together step down, up to this many rows
  const LABEL_ROW_HEIGHT = 15;
  const MARGIN = { left: 52, right: 56, top: 14, bottom: 40 }; // top grows by the label rows in a rollout
  const ERROR_STRIP = 8;

  /** epoch second (server clock) -> Map(version -> {answers, errors}) */
  const buckets = new Map();
  /** Server clock minus browser clock in ms, from the newest exchanges (see learnClock). */
  const clockSamples = [];
  /** What rollout.js last told: {candidateGroup, phase, events: [{at, type, weight, label}] newest first} */
  let rollout = null;

  /** Counts one exchange in its second. Called for every exchange on the stream. */
  function add(exchange) {
    learnClock(exchange.at);
    const second = Math.floor(exchange.at / 1000);
    let versions = buckets.get(second);
    if (!versions) {
      versions = new Map();
      buckets.set(second, versions);
    }
    const counts = versions.get(exchange.version) || { answers: 0, errors: 0 };
    counts.answers++;
    if (exchange.status >= 500 || exchange.error) counts.errors++;
    versions.set(exchange.version, counts);
  }

  /**
   * The chart's "now" is the gateway's clock, since exchanges and rollout events carry its
   * timestamps. An exchange arrives after it finished, so at - Date.now() is at most the
   * offset; the largest of the recent samples is the best guess.
   */
  function learnClock(at) {
    clockSamples.push(at - Date.now());
    if (clockSamples.length > 200) clockSamples.shift();
  }

  function serverNow() {
    return Date.now() + (clockSamples.length ? Math.max(...clockSamples) : 0);
  }

  function setRollout(state) {
    rollout = state;
  }

  // ------------------------------------------------------------------ data

  /** Versions bottom to top: the rollout's candidate at the bottom, so its share reads off the axis. */
  function stackOrder(versions, candidateVersion) {
    return [...versions].sort((a, b) => {
      if (a === candidateVersion) return -1;
      if (b === candidateVersion) return 1;
      return b.localeCompare(a, undefined, { numeric: true }); // newer versions lower
    });
  }

  /** Seconds shown: back to the oldest answer or rollout event seen, at least 15, at most 120. */
  function spanSeconds(lastSecond) {
    for (const second of buckets.keys()) if (second < lastSecond - MAX_SPAN_SECONDS - AVERAGE_SECONDS) buckets.delete(second);
    let earliest = lastSecond;
    for (const second of buckets.keys()) earliest = Math.min(earliest, second);
    for (const event of rollout ? rollout.events : []) earliest = Math.min(earliest, Math.floor(event.at / 1000));
    return Math.min(MAX_SPAN_SECONDS, Math.max(MIN_SPAN_SECONDS, lastSecond - earliest + 3));
  }

  /**
   * Per second of the window: its own answers and errors, and each version's share in percent
   * over the averaging window ending with it (null when the second had no answers).
   */
  function series(first, lastSecond) {
    const versions = new Set();
    for (const counts of buckets.values()) for (const v of counts.keys()) versions.add(v);
    const seconds = [];
    for (let s = first; s <= lastSecond; s++) {
      const answers = new Map();
      let total = 0;
      let errors = 0;
      let ownAnswers = 0;
      for (let t = s - AVERAGE_SECONDS + 1; t <= s; t++) {
        for (const [version, counts] of buckets.get(t) || []) {
          answers.set(version, (answers.get(version) || 0) + counts.answers);
          total += counts.answers;
        }
      }
      for (const counts of (buckets.get(s) || new Map()).values()) {
        ownAnswers += counts.answers;
        errors += counts.errors;
      }
      const shares = new Map([...versions].map((v) => [v, ownAnswers ? (100 * (answers.get(v) || 0)) / total : null]));
      seconds.push({ second: s, answers: ownAnswers, errors, shares });
    }
    return { versions, seconds };
  }

  /** Events of the same millisecond keep their order: the verdict before the abort it caused. */
  function oldestFirst(newestFirst) {
    return [...newestFirst].reverse().sort((a, b) => a.at - b.at);
  }

  // ------------------------------------------------------------------ drawing

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw() {
    const container = $('#share-chart');
    const width = Math.max(320, container.clientWidth);
    // Taller during a rollout, when the panel beside it is tall too.
    const height = Math.round(Math.min(rollout ? 380 : 300, Math.max(220, width * 0.45)));
    const top = MARGIN.top + (rollout ? LABEL_ROWS * LABEL_ROW_HEIGHT : 0);
    const plot = {
      x0: MARGIN.left, x1: width - MARGIN.right, y0: top, y1: height - MARGIN.bottom - ERROR_STRIP - 4,
    };
    const lastSecond = Math.floor(serverNow() / 1000) - 1; // the current second is still filling
    const span = spanSeconds(lastSecond);
    const firstSecond = lastSecond - span + 1;
    const x = (epochSeconds) => plot.x0 + ((epochSeconds - firstSecond + 0.5) / span) * (plot.x1 - plot.x0);
    const y = (percent) => plot.y1 - (percent / 100) * (plot.y1 - plot.y0);

    const data = series(firstSecond, lastSecond);
    const candidateVersion = rollout && rollout.candidateGroup ? groupVersions.get(rollout.candidateGroup) : undefined;
    const order = stackOrder(data.versions, candidateVersion);

    const root = svg('svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': 'share of answers per version over the last two minutes',
      'data-first-second': firstSecond, 'data-last-second': lastSecond,
    });
    root.append(svg('rect', { class: 'plot-bg', x: plot.x0, y: plot.y0, width: plot.x1 - plot.x0, height: plot.y1 - plot.y0 }));
    drawAreas(root, data, order, x, y);
    drawGrid(root, plot, y, x, lastSecond, span);
    drawErrors(root, data, x, plot);
    if (rollout && candidateVersion) drawTarget(root, plot, x, y, firstSecond, lastSecond, candidateVersion);
    if (rollout) drawMarkers(root, plot, x, firstSecond, lastSecond);
    container.replaceChildren(root);
    renderLegend(order, data, candidateVersion);
  }

  /**
   * One path per version, a flat step per second (a line between seconds would show a change
   * half a second before it happened); a second without answers leaves a gap, not a fake 0 %.
   */
  function drawAreas(root, data, order, x, y) {
    const runs = [];
    let run = [];
    for (const point of data.seconds) {
      if (point.answers) run.push(point);
      else if (run.length) { runs.push(run); run = []; }
    }
    if (run.length) runs.push(run);

    const below = new Map(); // second -> cumulative share under the version being drawn
    for (const version of order) {
      let d = '';
      for (const points of runs) {
        const upper = [];
        const lower = [];
        for (const p of points) {
          const base = below.get(p.second) || 0;
          const top = base + (p.shares.get(version) || 0);
          for (const px of [x(p.second - 0.5), x(p.second + 0.5)]) {
            upper.push(`${px.toFixed(1)},${y(top).toFixed(1)}`);
            lower.push(`${px.toFixed(1)},${y(base).toFixed(1)}`);
          }
          below.set(p.second, top);
        }
        d += `M${upper.join('L')}L${lower.reverse().join('L')}Z`;
      }
      const shares = data.seconds.map((p) => {
        const share = p.shares.get(version);
        return share === null || share === undefined ? '' : Math.round(share);
      });
      root.append(svg('path', {
        class: 'share-area', d: d || 'M0,0', 'data-version': version, 'data-shares': shares.join(','),
        fill: colorFor(version),
      }));
    }
  }

  function drawGrid(root, plot, y, x, lastSecond, span) {
    for (const percent of [0, 25, 50, 75, 100]) {
      root.append(svg('line', { class: 'grid-line', x1: plot.x0, x2: plot.x1, y1: y(percent), y2: y(percent) }));
      root.append(svg('text', { class: 'axis-label', x: plot.x0 - 8, y: y(percent) + 5, 'text-anchor': 'end' }, `${percent} %`));
    }
    const every = [5, 10, 15, 20, 30].find((step) => span / step <= 6);
    for (let ago = 0; ago <= span; ago += every) {
      const px = x(lastSecond - ago + 0.5);
      root.append(svg('line', { class: 'tick', x1: px, x2: px, y1: plot.y1, y2: plot.y1 + 4 }));
      const label = ago === 0 ? 'now' : ago % 60 === 0 ? `−${ago / 60} min` : `−${ago} s`;
      const anchor = ago === 0 ? 'end' : ago + every > span ? 'start' : 'middle';
      root.append(svg('text', { class: 'axis-label', x: px, y: plot.y1 + ERROR_STRIP + 24, 'text-anchor': anchor }, label));
    }
  }

  /** A thin strip under the plot: red where answers failed, stronger the larger their share. */
  function drawErrors(root, data, x, plot) {
    const top = plot.y1 + 4;
    root.append(svg('text', { class: 'axis-label small', x: plot.x1 + 6, y: top + ERROR_STRIP }, '5xx'));
    for (const p of data.seconds) {
      if (!p.errors) continue;
      root.append(svg('rect', {
        class: 'error-second', x: x(p.second - 0.5), y: top, width: Math.max(1, x(p.second + 0.5) - x(p.second - 0.5)),
        height: ERROR_STRIP, 'fill-opacity': (0.35 + 0.65 * Math.min(1, p.errors / p.answers)).toFixed(2),
        'data-second': p.second, 'data-errors': p.errors,
      }));
    }
  }

  /** The weight the rollout gave the candidate over time: a step line from its events. */
  function drawTarget(root, plot, x, y, firstSecond, lastSecond, candidateVersion) {
    const changes = oldestFirst(rollout.events).filter((e) => typeof e.weight === 'number');
    if (!changes.length) return;
    // Times in seconds; time t lies in second floor(t), drawn from x(t - 0.5).
    const clamp = (t) => Math.min(lastSecond + 1, Math.max(firstSecond, t));
    let d = '';
    for (const [i, change] of changes.entries()) {
      const from = clamp(change.at / 1000);
      const to = clamp(i + 1 < changes.length ? changes[i + 1].at / 1000 : lastSecond + 1);
      if (to <= firstSecond) continue;
      d += `${d ? 'L' : 'M'}${x(from - 0.5).toFixed(1)},${y(change.weight).toFixed(1)}L${x(to - 0.5).toFixed(1)},${y(change.weight).toFixed(1)}`;
    }
    if (!d) return;
    const weight = changes[changes.length - 1].weight;
    root.append(svg('path', { class: 'target-line', d, 'data-weight': weight }));
    // Kept above the axis, clear of the 5xx strip's label under it.
    root.append(svg('text', { class: 'target-label', x: plot.x1 + 6, y: Math.min(y(weight) + 5, plot.y1 - 3) }, `${weight} %`));
  }

  /**
   * Steps, pauses, promotion and abort as labelled vertical lines. A label goes in the top row
   * where it does not run into the one before it (the lowest when none is free).
   */
  function drawMarkers(root, plot, x, firstSecond, lastSecond) {
    const shown = oldestFirst(rollout.events)
      .filter((e) => MARKED_EVENTS.has(e.type) && e.at / 1000 >= firstSecond && e.at / 1000 < lastSecond + 2);
    const rowEnds = new Array(LABEL_ROWS).fill(-Infinity);
    for (const event of shown) {
      const px = Math.min(plot.x1, x(event.at / 1000 - 0.5));
      const label = event.label || event.type;
      let row = rowEnds.findIndex((end) => end < px);
      if (row < 0) row = LABEL_ROWS - 1;
      const labelY = plot.y0 - 6 - (LABEL_ROWS - 1 - row) * LABEL_ROW_HEIGHT;
      root.append(svg('line', {
        class: `marker ${event.type}`, 'data-type': event.type, 'data-at': event.at,
        x1: px, x2: px, y1: labelY + 3, y2: plot.y1,
      }));
      root.append(svg('text', { class: `marker-label ${event.type}`, x: px + 3, y: labelY }, label));
      rowEnds[row] = px + 3 + label.length * 8 + 4;
    }
  }

  /** Bottom to top like the stack, each with its share over the newest seconds. */
  function renderLegend(order, data, candidateVersion) {
    const newest = [...data.seconds].reverse().find((p) => p.answers);
    const items = [...order].reverse().map((version) => {
      const share = newest ? newest.shares.get(version) : null;
      return el('span', { class: 'legend-item', 'data-version': version, 'data-share': share === null || share === undefined ? '' : Math.round(share) },
        el('span', { class: 'swatch' }), version,
        el('strong', { class: 'legend-share' }, share === null || share === undefined ? '' : `${Math.round(share)} %`));
    });
    if (candidateVersion) {
      items.push(el('span', { class: 'legend-item' }, el('span', { class: 'target-swatch' }),
        `rollout's weight for ${rollout.candidateGroup} (${candidateVersion})`));
    }
    $('#share-legend').replaceChildren(...items);
  }

  function start() {
    draw();
    setInterval(draw, REDRAW_MS);
  }

  return { add, setRollout, start, draw };
})();
