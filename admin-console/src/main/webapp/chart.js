'use strict';
/**
 * A live line chart in SVG: keeps the last `capacity` points and redraws on every add. No library, no network.
 */
class LiveChart {
  constructor(svg, unit, capacity = 60) {
    this.svg = svg;
    this.unit = unit;
    this.capacity = capacity;
    this.points = [];
  }

  add(value) {
    this.points.push(value);
    if (this.points.length > this.capacity) this.points.shift();
    this.draw();
  }

  draw() {
    // Drawn at the element's own size, so that text is never stretched.
    const width = Math.max(200, this.svg.clientWidth || 600), height = 160, left = 44, bottom = 18, top = 10;
    const max = Math.max(1, ...this.points);
    const x = i => left + (width - left) * i / (this.capacity - 1);
    const y = v => top + (height - top - bottom) * (1 - v / max);
    const coords = this.points.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const last = this.points.length ? this.points[this.points.length - 1] : 0;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.innerHTML =
      `<line class="axis" x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}"/>` +
      `<text x="2" y="${top + 8}">${format(max)}</text><text x="2" y="${height - bottom}">0</text>` +
      `<text x="${left}" y="${height - 3}">last ${this.capacity} samples · now ${format(last)} ${this.unit}</text>` +
      (coords.length > 1
        ? `<polygon class="area" points="${x(0)},${height - bottom} ${coords.join(' ')} ${x(coords.length - 1)},${height - bottom}"/>` +
          `<polyline class="line" points="${coords.join(' ')}"/>`
        : '');

    function format(v) {
      return v >= 100 ? Math.round(v).toString() : v.toFixed(v >= 10 ? 1 : 2);
    }
  }
}
