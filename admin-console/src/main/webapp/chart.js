'use strict';
/**
 * A line chart over time in SVG, of the [epochMs, value] samples a node keeps (GET /api/.../history). The x axis
 * is labelled with clock times in the browser's zone; the y axis spans the samples' range with some room, from 0
 * only when the values come near it (a lag of 143,000 that moves by hundreds shows its moves), its ticks labelled.
 * Samples further apart than two sampling intervals leave a gap (the node was down, or did not lead or coordinate
 * then). The readout shows the latest value, or the one under the pointer. No library, no network.
 */
class TimeChart {
  /**
   * @param svg  the <svg class="chart"> to draw in
   * @param unit what the values count, for the readout ("records/s")
   * @param scope what the history covers, after the node's id ("partitions it leads")
   * @param empty what to say while there is no sample
   */
  constructor(svg, unit, { scope = '', empty = 'no samples yet' } = {}) {
    this.svg = svg;
    this.unit = unit;
    this.scope = scope;
    this.empty = empty;
    this.points = [];
    this.windowMs = 3600000;
    this.intervalMs = 5000;
    this.nodeId = null;
    this.hovered = null;
    svg.addEventListener('mousemove', event => { this.hovered = this.nearest(event); this.draw(); });
    svg.addEventListener('mouseleave', () => { this.hovered = null; this.draw(); });
  }

  /** When the latest sample was taken, or null before the first. */
  lastTime() {
    return this.points.length ? this.points[this.points.length - 1][0] : null;
  }

  /**
   * Adds the samples of a history answer ({nodeId, intervalMs, series}) newer than the latest drawn, and keeps an
   * hour of them (or what the first answer held, when more).
   */
  add(history, points) {
    this.nodeId = history.nodeId;
    this.intervalMs = history.intervalMs;
    this.leftOut = history.leftOut;
    const last = this.lastTime() ?? -Infinity;
    points.filter(p => p[0] > last).forEach(p => this.points.push(p));
    if (this.points.length) {
      this.windowMs = Math.max(this.windowMs, this.lastTime() - this.points[0][0]);
      const from = this.lastTime() - this.windowMs;
      this.points = this.points.filter(p => p[0] >= from);
    }
    this.draw();
  }

  draw() {
    // Drawn at the element's own size, so that text is never stretched.
    const width = Math.max(240, this.svg.clientWidth || 600), height = 190;
    const left = 64, right = 10, top = 24, bottom = height - 20;
    this.frame = { width, left, right: width - right };
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const note = `<text class="note" x="${left}" y="14">${this.nodeId === null ? '' : esc(`node ${this.nodeId}${this.scope ? ': ' + this.scope : ''}`)}</text>`;
    if (!this.points.length) {
      this.svg.innerHTML = note + `<line class="axis" x1="${left}" y1="${bottom}" x2="${width - right}" y2="${bottom}"/>` +
        `<text class="readout" x="${width - right}" y="14" text-anchor="end">${esc(this.leftOut > 0
          ? `${this.empty}, or beyond the first ones by name this node keeps (${this.leftOut} left out)` : this.empty)}</text>`;
      return;
    }
    const [t0, t1] = this.timeRange(), [lo, hi] = this.valueRange();
    const x = t => left + (width - right - left) * (t - t0) / (t1 - t0);
    const y = v => top + (bottom - top) * (1 - (v - lo) / (hi - lo));
    this.x = x;
    const yTicks = TimeChart.valueTicks(lo, hi).map(tick =>
      `<line class="grid" x1="${left}" y1="${y(tick.value).toFixed(1)}" x2="${width - right}" y2="${y(tick.value).toFixed(1)}"/>` +
      `<text class="y-tick" x="${left - 4}" y="${(y(tick.value) + 4).toFixed(1)}" text-anchor="end">${tick.label}</text>`).join('');
    const xTicks = TimeChart.timeTicks(t0, t1, width - right - left)
      .filter(tick => x(tick.time) - tick.halfWidth >= 0 && x(tick.time) + tick.halfWidth <= width).map(tick =>
      `<line class="axis" x1="${x(tick.time).toFixed(1)}" y1="${bottom}" x2="${x(tick.time).toFixed(1)}" y2="${bottom + 4}"/>` +
      `<text class="x-tick" x="${x(tick.time).toFixed(1)}" y="${height - 4}" text-anchor="middle">${tick.label}</text>`).join('');
    const lines = this.segments().map(segment => {
      const coords = segment.map(p => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`);
      if (segment.length === 1) return `<circle class="dot" cx="${x(segment[0][0]).toFixed(1)}" cy="${y(segment[0][1]).toFixed(1)}" r="2"/>`;
      const base = y(Math.max(lo, Math.min(hi, 0))).toFixed(1);
      return `<polygon class="area" points="${x(segment[0][0]).toFixed(1)},${base} ${coords.join(' ')} ${x(segment[segment.length - 1][0]).toFixed(1)},${base}"/>` +
        `<polyline class="line" points="${coords.join(' ')}"/>`;
    }).join('');
    const shown = this.hovered ?? this.points[this.points.length - 1];
    const readout = this.hovered
      ? `${TimeChart.clock(shown[0], true)} · ${TimeChart.format(shown[1])} ${this.unit}`
      : `now ${TimeChart.format(shown[1])} ${this.unit}`;
    const marker = this.hovered
      ? `<line class="marker" x1="${x(shown[0]).toFixed(1)}" y1="${top}" x2="${x(shown[0]).toFixed(1)}" y2="${bottom}"/>` +
        `<circle class="dot" cx="${x(shown[0]).toFixed(1)}" cy="${y(shown[1]).toFixed(1)}" r="3"/>`
      : '';
    this.svg.innerHTML = note + yTicks + `<line class="axis" x1="${left}" y1="${bottom}" x2="${width - right}" y2="${bottom}"/>` +
      xTicks + lines + marker + `<text class="readout" x="${width - right}" y="14" text-anchor="end">${esc(readout)}</text>`;
  }

  /** From the first sample to the latest, a minute at least. */
  timeRange() {
    const t1 = this.lastTime();
    return [Math.min(this.points[0][0], t1 - 60000), t1];
  }

  /**
   * The samples' range with a twelfth of it as room either side; from 0 when the values come nearer to it than they
   * spread, so rates keep their baseline while a high lag gets the height to move in.
   */
  valueRange() {
    const values = this.points.map(p => p[1]);
    let lo = Math.min(...values), hi = Math.max(...values);
    if (lo >= 0 && lo <= hi - lo) lo = 0;
    if (hi === lo) {
      const room = Math.abs(hi) / 100 || 1;
      if (lo === 0) hi = room; else { lo -= room; hi += room; }
    }
    const room = (hi - lo) / 12;
    return [lo === 0 ? 0 : lo - room, hi + room];
  }

  /** The runs of samples without a gap: no two of a run further apart than two sampling intervals. */
  segments() {
    const runs = [];
    let run = [];
    this.points.forEach(p => {
      if (run.length && p[0] - run[run.length - 1][0] > 2 * this.intervalMs) { runs.push(run); run = []; }
      run.push(p);
    });
    runs.push(run);
    return runs;
  }

  /** The sample nearest in time to the pointer of event, or null. */
  nearest(event) {
    if (!this.points.length || !this.frame) return null;
    const box = this.svg.getBoundingClientRect();
    const at = (event.clientX - box.left) * this.frame.width / box.width;
    if (at < this.frame.left || at > this.frame.right) return null;
    return this.points.reduce((best, p) => Math.abs(this.x(p[0]) - at) < Math.abs(this.x(best[0]) - at) ? p : best);
  }

  /** About five round values between lo and hi, labelled with as many decimals as their step needs. */
  static valueTicks(lo, hi) {
    const raw = (hi - lo) / 4, magnitude = 10 ** Math.floor(Math.log10(raw)), n = raw / magnitude;
    const step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    const decimals = Math.max(0, Math.min(4, -Math.floor(Math.log10(step))));
    const ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
      ticks.push({ value: v, label: v.toLocaleString(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) });
    }
    return ticks;
  }

  /**
   * Clock times on round steps (10 s, 1 min, 15 min ...) between t0 and t1, as many as fit in plotWidth pixels with
   * room for their labels (wider with seconds), each with half its label's width.
   */
  static timeTicks(t0, t1, plotWidth) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map(s => s * 1000);
    const labelWidth = step => TimeChart.clock(0, step < 60000).length * 7 + 24;
    const step = steps.find(s => (t1 - t0) / s <= plotWidth / labelWidth(s)) ?? steps[steps.length - 1];
    const ticks = [];
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
      ticks.push({ time: t, label: TimeChart.clock(t, step < 60000), halfWidth: labelWidth(step) / 2 - 12 });
    }
    return ticks;
  }

  /** The time of day of epochMs in the browser's zone. */
  static clock(epochMs, seconds) {
    return new Date(epochMs).toLocaleTimeString([], seconds
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
  }

  static format(v) {
    return Math.abs(v) >= 100 ? Math.round(v).toLocaleString() : v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
  }
}

/**
 * Draws one series of the history at path (e.g. '/node/history', 'recordsIn') in chart: everything the node kept at
 * once, then, every POLL_MS while the view is shown, the samples taken since the latest drawn.
 */
function followHistory(chart, path, series) {
  every(POLL_MS, async () => {
    const last = chart.lastTime();
    const history = await Api.get(last === null ? path : `${path}?after=${last}`).catch(() => null);
    if (history) chart.add(history, history.series[series] || []);
  });
}
