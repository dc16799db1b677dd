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
      fitChars(this.primary.node, text);
      this.setLevel(levelOf(value, this.widget.thresholds));
    } else if (key === secondaryKey && this.secondary) {
      const text = formatValue(value, this.format(this.widget.secondary));
      setText(this.secondary.number, text);
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
    fitChars(this.value.node, text);
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
    const drawing = svg("svg", { viewBox: "0 0 100 40", preserveAspectRatio: "none", "aria-hidden": "true" });
    this.line = svg("polyline", { points: "" });
    drawing.append(this.line);
    this.value = valueNode("tile-value", widget.title || this.label(widget.stat), widget.stat);
    this.body.append(this.value.node, drawing);
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
    fitChars(this.value.node, text);
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
    const low = Math.min(0, ...values);
    const high = Math.max(1, ...values);
    const text = shown
      .map(([t, v]) => `${(((t - since) / (now - since)) * 100).toFixed(1)},${(38 - ((v - low) / (high - low)) * 36).toFixed(1)}`)
      .join(" ");
    if (this.line.getAttribute("points") !== text) this.line.setAttribute("points", text);
    setData(this.el, "points", this.points.length);
  }
}
