// What every tile has: its place on the 12 × 12 grid, a title, and a level (normal,
// warning, critical) shown by colour, by a badge whose shape differs per level, and in
// words for screen readers. Tiles are built once; updates only change text and data
// attributes of the nodes they already have.

import { el, setData, setText } from "../dom.js";
import { LEVEL_NAMES } from "../levels.js";

export class Tile {
  constructor(widget, ctx) {
    this.widget = widget;
    this.ctx = ctx;
    this.level = "normal";
    this.el = el("section", `tile ${widget.type}`);
    this.el.dataset.widget = widget.id;
    // On a portrait kiosk the stylesheet moves it where ../boardview.js restacks it.
    this.el.style.gridArea = `${widget.y + 1} / ${widget.x + 1} / span ${widget.h} / span ${widget.w}`;
    this.el.setAttribute("role", "group");
    this.title = el("h2", "tile-title", widget.title || this.defaultTitle());
    this.title.id = `${ctx.prefix}-${widget.id}-title`;
    this.el.setAttribute("aria-labelledby", this.title.id);
    const badge = el("span", "level-badge", "!");
    badge.setAttribute("aria-hidden", "true");
    this.levelText = el("span", "sr-only", "");
    // The title's line also holds the page of a long grid ("page 2 of 3") and the
    // level badge, side by side, so neither covers the title.
    this.pager = el("span", "pager", "");
    this.pager.hidden = true;
    this.head = el("div", "tile-head");
    this.head.append(this.title, this.pager, badge);
    this.el.style.setProperty("--title-chars", String(Math.max(6, this.title.textContent.length)));
    this.body = el("div", "tile-body");
    this.el.append(this.head, this.levelText, this.body);
  }

  /** The title shown when the widget has none. */
  defaultTitle() {
    return "";
  }

  label(name) {
    return (this.ctx.statistics[name] || { label: name }).label;
  }

  format(name) {
    return (this.ctx.statistics[name] || { format: "text" }).format;
  }

  /** Show a level; return true if it changed. */
  setLevel(level) {
    if (level === this.level) return false;
    this.level = level;
    setData(this.el, "level", level === "normal" ? null : level);
    setText(this.levelText, LEVEL_NAMES[level]);
    return true;
  }

  /** The keys of board totals this tile shows. */
  totalKeys() {
    return [];
  }

  setTotal(key, value) {}

  setRows(rows) {}

  /** A campaign widget's figures (stats/snapshot.py, CampaignCell). */
  setCampaign(cell) {}

  /** A fresh snapshot arrived (on connect, after a gap, or a kiosk's next board). */
  onSnapshot() {}

  /** The tile came on screen or changed size: lay out again what depends on its size. */
  relayout() {}

  /** Once a second, with the server's time in seconds. */
  tick(now) {}
}
