// Tiles that show one number: single statistic, gauge, trend sparkline.

import { el, fitChars, setData, setText, svg } from "../dom.js";
import { formatValue } from "../format.js";
import { levelOf } from "../levels.js";
import { Tile } from "./base.js";

const SPARK_POINTS = 240; // the ring's size: a sparkline never holds more points

/** Build `<p class="tile-value">` whose number carries its label for screen readers. */
function valueNode(className, label, stat) {
  const node = el("p", className);
  const number = el("span", "number", "–");
  number.dataset.stat = stat;
  node.append(el("span", "sr-only", `${label}: `), number);
  return { node, number };
}

/** Return a round number at or above `value` (1, 2 or 5 times a power of ten). */
function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((n) => n >= value);
}

export class TotalTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    const label = widget.title || this.label(widget.stat);
    this.primary = valueNode("tile-value", label, widget.stat);
    this.body.append(this.primary.node);
    if (widget.secondary) {
      this.el.classList.add("has-secondary");
      this.secondary = valueNode("tile-secondary", this.label(widget.secondary), widget.secondary);
      const label = el("span", "label", this.label(widget.secondary));
      label.setAttribute("aria-hidden", "true"); // the number's own label says it
      this.secondary.number.before(label);
      this.body.append(this.secondary.node);
    }
    if (widget.compare_minutes) {
      // The change against the value a chosen time ago: an arrow (not a triangle,
      // which is the warning badge's shape) and the difference, in words too.
      this.points = []; // [server time, value], oldest first
      this.change = el("p", "tile-change", "");
      this.body.append(this.change);
    }
  }

  onSnapshot() {
    if (!this.change || this.loading) return;
    this.loading = true;
    this.ctx
      .history(this.widget)
      .then((history) => {
        this.points = history.points;
        this.showChange(this.ctx.serverNow());
      })
      .catch(() => {}) // no history yet: no arrow until there is some
      .finally(() => {
        this.loading = false;
      });
  }

  /** Show the change of the value since `compare_minutes` ago, if it was known then. */
  showChange(now) {
    const then = now - 60 * this.widget.compare_minutes;
    while (this.points.length > 1 && this.points[1][0] <= then) this.points.shift();
    const [first] = this.points;
    const last = this.points.at(-1);
    const known = first && last && first[0] <= then + 5;
    const delta = known ? last[1] - first[1] : 0;
    const format = this.format(this.widget.stat);
    const amount = format === "percent" ? `${Math.round(Math.abs(delta) * 100)} pts` : formatValue(Math.abs(delta), format);
    const direction = !known ? null : delta > 0 ? "up" : delta < 0 ? "down" : "same";
    const arrow = { up: "↑", down: "↓", same: "→" }[direction];
    const words = direction === "same" ? "no change" : `${arrow} ${amount}`;
    setText(this.change, known ? `${words} vs ${this.widget.compare_minutes} min ago` : "");
    setData(this.change, "direction", direction);
  }

  defaultTitle() {
    return this.label(this.widget.stat);
  }

  totalKeys() {
    return this.widget.keys;
  }

  setTotal(key, value) {
    const [primaryKey, secondaryKey] = this.widget.keys;
    if (key === primaryKey) {
      const text = formatValue(value, this.format(this.widget.stat));
      setText(this.primary.number, text);
      fitChars(this.el, text);
      this.setLevel(levelOf(value, this.widget.thresholds));
      if (this.change && typeof value === "number") {
        this.points.push([this.ctx.serverNow(), value]);
        this.showChange(this.ctx.serverNow());
      }
      this.relayout();
    } else if (key === secondaryKey && this.secondary) {
      const text = formatValue(value, this.format(this.widget.secondary));
      setText(this.secondary.number, text);
      this.relayout();
    }
  }

  /** Give the value the size the stylesheet gives it, less whatever the tile lacks
   * (a title on two lines, a secondary statistic that wraps), never below its label. */
  relayout() {
    const { node } = this.primary;
    node.style.removeProperty("font-size");
    if (!this.body.clientHeight) return;
    const floor = parseFloat(getComputedStyle(this.title).fontSize);
    let size = parseFloat(getComputedStyle(node).fontSize);
    while (this.body.scrollHeight > this.body.clientHeight + 1 && size * 0.9 >= floor) {
      size *= 0.9;
      node.style.fontSize = `${size.toFixed(1)}px`;
    }
  }
}

export class GaugeTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    const arc = "M 8 50 A 42 42 0 0 1 92 50";
    const drawing = svg("svg", { viewBox: "0 0 100 56", "aria-hidden": "true" });
    drawing.append(
      svg("path", { d: arc, class: "track", fill: "none", "stroke-width": 10, pathLength: 100 }),
      (this.arc = svg("path", {
        d: arc, class: "arc", fill: "none", "stroke-width": 10, pathLength: 100,
        "stroke-dasharray": "0 100",
      })),
    );
    this.value = valueNode("tile-value", widget.title || this.label(widget.stat), widget.stat);
    this.body.append(drawing, this.value.node);
  }

  defaultTitle() {
    return this.label(this.widget.stat);
  }

  totalKeys() {
    return this.widget.keys;
  }

  setTotal(key, value) {
    const text = formatValue(value, this.format(this.widget.stat));
    setText(this.value.number, text);
    fitChars(this.el, text);
    const { min = 0, max = 1 } = this.widget;
    const share = typeof value === "number" ? (value - min) / (max - min) : 0;
    const percent = Math.round(Math.min(1, Math.max(0, share)) * 100);
    const dash = `${percent} 100`;
    if (this.arc.getAttribute("stroke-dasharray") !== dash) this.arc.setAttribute("stroke-dasharray", dash);
    this.setLevel(levelOf(value, this.widget.thresholds));
  }
}

export class SparklineTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.points = []; // [server time, value], oldest first, at most SPARK_POINTS
    this.current = null;
    // The line over its threshold bands, an axis of its low and high, and a dot at the
    // current value: a flat line then reads as steady, not as broken.
    const drawing = svg("svg", { viewBox: "0 0 100 40", preserveAspectRatio: "none", "aria-hidden": "true" });
    this.bands = { warning: svg("rect", { class: "band-warning", x: 0, width: 100, height: 0 }), critical: svg("rect", { class: "band-critical", x: 0, width: 100, height: 0 }) };
    this.line = svg("polyline", { points: "" });
    this.dot = svg("circle", { class: "now", r: 0 });
    drawing.append(this.bands.warning, this.bands.critical, svg("line", { class: "baseline", x1: 0, x2: 100, y1: 38, y2: 38 }), this.line, this.dot);
    this.high = el("span", "high", "");
    this.low = el("span", "low", "");
    const axis = el("div", "spark-axis");
    axis.setAttribute("aria-hidden", "true");
    axis.append(this.high, this.low);
    const chart = el("div", "spark-chart");
    chart.append(axis, drawing);
    this.value = valueNode("tile-value", widget.title || this.label(widget.stat), widget.stat);
    this.body.append(this.value.node, chart);
    this.loading = false;
  }

  defaultTitle() {
    return `${this.label(this.widget.stat)}, last ${this.widget.minutes} min`;
  }

  totalKeys() {
    return this.widget.keys;
  }

  windowStart(now) {
    return now - 60 * this.widget.minutes;
  }

  onSnapshot() {
    if (this.loading) return;
    this.loading = true;
    this.ctx
      .history(this.widget)
      .then((history) => {
        this.points = history.points.slice(-SPARK_POINTS);
        this.draw(this.ctx.serverNow());
      })
      .catch(() => {}) // no history yet: the line starts from now
      .finally(() => {
        this.loading = false;
      });
  }

  setTotal(key, value) {
    this.current = value;
    const text = formatValue(value, this.format(this.widget.stat));
    setText(this.value.number, text);
    fitChars(this.el, text);
    this.setLevel(levelOf(value, this.widget.thresholds));
    if (typeof value !== "number") return;
    this.points.push([this.ctx.serverNow(), value]);
    if (this.points.length > SPARK_POINTS) this.points.shift();
    this.draw(this.ctx.serverNow());
  }

  tick(now) {
    if (Math.floor(now) % 10 === 0) this.draw(now); // slide the line along with time
  }

  draw(now) {
    const since = this.windowStart(now);
    while (this.points.length && this.points[0][0] < since) this.points.shift();
    const shown = this.points.length ? [...this.points, [now, this.points.at(-1)[1]]] : [];
    const values = shown.map(([, v]) => v);
    const { warning, critical } = this.widget.thresholds || {};
    const marks = [warning, critical].filter((v) => typeof v === "number");
    const low = Math.min(0, ...values, ...marks);
    const high = niceCeiling(Math.max(1, ...values, ...marks.map((v) => v * 1.1)));
    const y = (v) => 38 - ((v - low) / (high - low)) * 36;
    const text = shown
      .map(([t, v]) => `${(((t - since) / (now - since)) * 100).toFixed(1)},${y(v).toFixed(1)}`)
      .join(" ");
    if (this.line.getAttribute("points") !== text) this.line.setAttribute("points", text);
    this.drawBands(y, low, high);
    const last = shown.at(-1);
    this.dot.setAttribute("r", last ? "1.6" : "0");
    if (last) {
      this.dot.setAttribute("cx", "99");
      this.dot.setAttribute("cy", y(last[1]).toFixed(1));
    }
    const format = this.format(this.widget.stat);
    setText(this.high, formatValue(high, format));
    setText(this.low, formatValue(low, format));
    setData(this.el, "points", this.points.length);
  }

  /** Shade the warning and critical bands of the widget's thresholds, if it has any. */
  drawBands(y, low, high) {
    const { direction, warning, critical } = this.widget.thresholds || {};
    const above = direction !== "below";
    const spans = {
      warning: typeof warning === "number" ? (above ? [warning, critical ?? high] : [critical ?? low, warning]) : null,
      critical: typeof critical === "number" ? (above ? [critical, high] : [low, critical]) : null,
    };
    for (const [name, span] of Object.entries(spans)) {
      const rect = this.bands[name];
      const [from, to] = span ? span.map((v) => Math.min(high, Math.max(low, v))) : [0, 0];
      rect.setAttribute("y", y(to).toFixed(1));
      rect.setAttribute("height", span ? Math.max(0, y(from) - y(to)).toFixed(1) : "0");
    }
  }
}
