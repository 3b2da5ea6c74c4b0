// The rollout panel: where a progressive rollout is (phase, step ladder with countdowns,
// failed intervals against the limit, the last interval verdicts with their numbers) and
// what happened (events, newest first). Polls GET /gateway/rollout every second and listens
// to /gateway/rollout/events so an event shows at once. A gateway without the endpoint
// (404) or without a progressive block (phase idle) gets one line, nothing breaks.
'use strict';

const rolloutPanel = (() => {
  const POLL_MS = 1000;
  const ABSENT_POLL_MS = 10000; // an older gateway without /gateway/rollout: ask again now and then
  const COUNTDOWN_MS = 250;
  const STRIP_SIZE = 20;
  const EVENT_LINES = 8;
  const VERDICT_MARKS = { passed: '✓', failed: '✕', inconclusive: '?' };

  let view = null;        // the newest RolloutView
  let receivedAt = 0;     // Date.now() when it came: the countdowns run on from there
  let absent = false;     // the gateway answered 404
  let timer = null;
  let inFlight = false;
  let source = null;      // the EventSource of rollout events, once the endpoint exists
  let hovering = false;   // the pointer is on the strip: its interval stays in the info line
  const events = new Map(); // key -> RolloutEvent, from the views and the stream

  // ---------------------------------------------------------------- fetching

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  async function poll() {
    if (inFlight) return;
    inFlight = true;
    let next = POLL_MS;
    try {
      const response = await fetch('gateway/rollout', { cache: 'no-store' });
      if (response.status === 404) {
        absent = true;
        next = ABSENT_POLL_MS;
      } else if (response.ok) {
        absent = false;
        adopt(await response.json());
        listen();
      }
      // Anything else (gateway restarting): keep the last picture, app.js shows the connection.
    } catch (e) {
      // Unreachable: same.
    } finally {
      inFlight = false;
      schedule(next); // first: a view the panel cannot draw must not end the polling
      render();
    }
  }

  function adopt(newView) {
    view = newView;
    receivedAt = Date.now();
    for (const event of newView.events || []) remember(event);
  }

  function listen() {
    if (source) return;
    source = new EventSource('gateway/rollout/events');
    source.onmessage = (message) => {
      remember(JSON.parse(message.data));
      renderEvents();
      feedChart();
      if (!inFlight) schedule(0); // the panel follows the event at once, not a second later
    };
    // EventSource retries a dropped connection by itself, but not a refused one (404, 500).
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) source = null;
    };
  }

  function remember(event) {
    events.set(`${event.at}|${event.type}|${event.message}`, event);
    if (events.size > 500) events.delete(events.keys().next().value);
  }

  /** Events newest first; of equal time the later one received first. */
  function eventsNewestFirst() {
    return [...events.values()].reverse().sort((a, b) => b.at - a.at);
  }

  // ---------------------------------------------------------------- rendering

  function active() {
    return !absent && view && view.phase && view.phase !== 'idle';
  }

  function render() {
    const panel = $('#rollout');
    panel.dataset.phase = absent ? 'absent' : view ? view.phase : 'loading';
    $('#rollout-idle').hidden = active();
    $('#rollout-body').hidden = !active();
    $('#rollout-events-panel').hidden = !active();
    feedChart();
    if (!active()) {
      $('#rollout-idle').textContent = absent
        ? 'no progressive rollout: this gateway has no /gateway/rollout'
        : view ? view.message || 'no progressive rollout' : 'no progressive rollout (asking the gateway…)';
      return;
    }
    renderHead();
    renderBanner();
    renderLadder();
    renderCounters();
    renderStrip();
    renderEvents();
  }

  function feedChart() {
    shareChart.setRollout(active()
      ? {
        candidateGroup: view.candidate,
        phase: view.phase,
        events: eventsOfThisRollout().map((e) => ({ ...e, label: e.type === 'step' ? stepName(e.step, e.weight, false) : e.type })),
      }
      : null);
  }

  /** "25 %" (canary) or "post-promotion" (blue/green), with the step's label when asked. */
  function stepName(index, weight, withLabel) {
    const step = (view.steps || [])[index];
    const label = step && step.label ? step.label : `step ${index + 1}`;
    if (view.kind === 'bluegreen') return withLabel ? `${label} (${rungWeight({ weight })})` : label;
    return withLabel ? `${label} (${weight} %)` : `${weight} %`;
  }

  /** Events since this rollout (revision) started: older ones would draw a stale target line. */
  function eventsOfThisRollout() {
    const all = eventsNewestFirst();
    const start = all.findIndex((e) => e.type === 'started');
    return start < 0 ? all : all.slice(0, start + 1);
  }

  function renderHead() {
    const badge = $('#rollout-phase');
    badge.dataset.phase = view.phase;
    badge.textContent = view.phase;
    $('#rollout-what').textContent = view.kind === 'bluegreen'
      ? `blue/green · preview ${view.candidate} · active ${view.active || view.baseline} · revision ${view.revision}`
      : `canary · ${view.candidate} against ${view.baseline} · revision ${view.revision}`;
    const weight = $('#rollout-weight');
    weight.dataset.weight = view.weight;
    weight.textContent = view.kind === 'bluegreen'
      ? `${view.active || (view.weight >= 100 ? view.candidate : view.baseline)} serves`
      : `${view.weight} % to ${view.candidate}`;
    $('#rollout-message').textContent = view.message || '';
  }

  /**
   * Red with the reason on Aborted, green on Promoted, the reason on Paused; none otherwise.
   * The gateway's message says it best ("aborted: <reason>: v1 answers everything again"); when
   * it does not start with the phase or lacks the reason, the reason alone. The message line is
   * hidden meanwhile: it would say the same again.
   */
  function renderBanner() {
    const banner = $('#rollout-banner');
    const titles = { aborted: 'Aborted', promoted: 'Promoted', paused: 'Paused' };
    const title = titles[view.phase];
    banner.hidden = !title;
    banner.className = `banner ${view.phase}`;
    $('#rollout-message').hidden = Boolean(title);
    if (!title) return;
    const message = view.message || '';
    const saysItAll = message.toLowerCase().startsWith(view.phase) && (!view.reason || message.includes(view.reason));
    banner.textContent = saysItAll ? title + message.slice(view.phase.length)
      : view.reason ? `${title}: ${view.reason}` : title;
  }

  /**
   * One rung per step, then the promotion at 100 %. Steps before the current one passed; the
   * current one is highlighted (failed when the rollout aborted in it); Promoted passes all.
   */
  function renderLadder() {
    const steps = view.steps || [];
    const rungs = steps.map((step, i) => {
      const state = view.phase === 'promoted' || i < view.step ? 'passed'
        : i > view.step ? 'pending'
          : view.phase === 'aborted' ? 'failed' : 'current';
      return el('li', { class: `rung ${state}`, 'data-state': state, 'data-step': i },
        el('span', { class: 'rung-label' }, step.label || `step ${i + 1}`),
        el('span', { class: 'rung-weight' }, rungWeight(step)),
        el('span', { class: 'rung-hold' }, step.manual ? 'hold: manual' : `hold ${step.hold}`),
        el('span', { class: 'rung-state' }, rungStateText(state)));
    });
    const promoted = view.phase === 'promoted';
    rungs.push(el('li', { class: `rung final ${promoted ? 'passed' : 'pending'}`, 'data-state': promoted ? 'passed' : 'pending' },
      el('span', { class: 'rung-label' }, 'promoted'),
      el('span', { class: 'rung-weight' }, view.kind === 'bluegreen' ? `${view.candidate} active` : '100 %'),
      el('span', { class: 'rung-hold' }, ''),
      el('span', { class: 'rung-state' }, promoted ? '✓ done' : '')));
    $('#rollout-ladder').replaceChildren(...rungs);
    updateCountdowns();
  }

  /** A canary step's weight; blue/green's weight only says which side serves users. */
  function rungWeight(step) {
    if (view.kind !== 'bluegreen') return `${step.weight} %`;
    return step.weight >= 100 ? `${view.candidate} active` : `${view.baseline} active`;
  }

  function rungStateText(state) {
    switch (state) {
      case 'passed': return '✓ passed';
      case 'failed': return '✕ aborted here';
      case 'current': return view.phase === 'starting' ? 'waiting for healthy' : '';
      default: return '';
    }
  }

  /** Ticks between polls, from the seconds the view gave when it came. */
  function updateCountdowns() {
    if (!active()) return;
    const elapsed = (Date.now() - receivedAt) / 1000;
    const left = (seconds) => (typeof seconds === 'number' ? Math.max(0, Math.ceil(seconds - elapsed)) : null);
    const hold = left(view.holdLeftSeconds);
    const verdict = left(view.nextVerdictSeconds);
    const current = document.querySelector('#rollout-ladder .rung.current .rung-state');
    const running = view.phase === 'progressing' || view.phase === 'paused';
    if (current && running) {
      const step = view.steps[view.step];
      current.textContent = view.awaitingPromote ? 'waiting for promote'
        : step && step.manual && hold === 0 ? 'held until promote'
          : hold !== null ? `${hold} s of hold left` : '';
    }
    $('#rollout-hold-left').textContent = running && hold !== null ? `${hold} s` : '–';
    $('#rollout-next-verdict').textContent = verdict !== null && view.phase !== 'aborted' && view.phase !== 'promoted'
      ? `${verdict} s` : '–';
  }

  function renderCounters() {
    const failed = $('#rollout-failed');
    failed.dataset.failed = view.failed;
    failed.dataset.limit = view.failureLimit;
    failed.classList.toggle('at-limit', view.failed > 0 && view.failed >= view.failureLimit);
    failed.classList.toggle('over-limit', view.failed > view.failureLimit);
    failed.textContent = `${view.failed} / limit ${view.failureLimit}`;
    $('#rollout-inconclusive').textContent = `${view.inconclusiveInRow ?? 0} / limit ${view.inconclusiveLimit ?? '–'}`;
    const spec = view.specWeight;
    $('#rollout-spec-weight').textContent = spec === null || spec === undefined ? 'none (the steps decide)' : `${spec} %`;
    updateCountdowns();
  }

  /**
   * The last 20 verdicts, oldest left like the chart's time axis; empty slots keep the width.
   * A mark already shown stays the same element, so the one under the pointer keeps its hover.
   */
  function renderStrip() {
    const intervals = (view.intervals || []).slice(-STRIP_SIZE);
    const slots = [...new Array(STRIP_SIZE - intervals.length).fill(null), ...intervals];
    syncChildren($('#rollout-intervals'), slots.map((interval, i) => ({ interval, i })),
      ({ interval, i }) => (interval ? `${interval.at}-${interval.step}` : `empty-${i}`),
      ({ interval }) => (interval
        ? el('span', { class: `verdict-mark ${interval.verdict}`, 'data-verdict': interval.verdict, 'data-at': interval.at },
          VERDICT_MARKS[interval.verdict] || '·')
        : el('span', { class: 'verdict-mark empty' })),
      (mark, { interval }) => {
        if (!interval) return;
        mark.interval = interval;
        mark.title = describeInterval(interval);
      });
    const newest = intervals[intervals.length - 1];
    if (!hovering) {
      $('#interval-info').textContent = newest ? `newest: ${describeInterval(newest)}` : 'no interval judged yet';
    }
  }

  /** The numbers against the limits and against the baseline, one line each. */
  function describeInterval(interval) {
    const limits = view.analysis || {};
    const c = interval.candidate || {};
    const b = interval.baseline || {};
    const time = new Date(interval.at).toLocaleTimeString();
    return `${interval.verdict} · ${stepName(interval.step, interval.weight, true)} · ${time}\n`
      + `${c.group}: ${c.requests} requests (min ${limits.minRequests}), `
      + `${fixed(c.errorRate)} % errors (max ${limits.maxErrorRate} %), p99 ${Math.round(c.p99)} ms (max ${readable(limits.maxP99)})\n`
      + `${b.group} (baseline): ${b.requests} requests, ${fixed(b.errorRate)} % errors, p99 ${Math.round(b.p99)} ms\n`
      + `${interval.why}`;
  }

  function fixed(n) {
    return typeof n === 'number' ? n.toFixed(1) : '–';
  }

  /** "500ms" -> "500 ms" */
  function readable(duration) {
    return duration ? String(duration).replace(/^(\d+)(ms|s|m|h)$/, '$1 $2') : '–';
  }

  function showInterval(event) {
    const mark = event.target.closest('.verdict-mark');
    if (!mark || !mark.interval) return;
    hovering = true;
    $('#interval-info').textContent = describeInterval(mark.interval);
  }

  function renderEvents() {
    const lines = eventsNewestFirst().slice(0, EVENT_LINES).map((e) => el('li', { 'data-type': e.type, class: `event ${e.type}` },
      el('span', { class: 'event-time' }, new Date(e.at).toLocaleTimeString()),
      el('span', { class: 'event-type' }, e.type),
      el('span', { class: 'event-message' }, e.message)));
    $('#rollout-events').replaceChildren(...lines);
  }

  function start() {
    const strip = $('#rollout-intervals');
    strip.addEventListener('mouseover', showInterval);
    strip.addEventListener('mouseleave', () => { hovering = false; if (active()) renderStrip(); });
    setInterval(updateCountdowns, COUNTDOWN_MS);
    poll();
  }

  return { start };
})();
