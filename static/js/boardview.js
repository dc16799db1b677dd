// One board on screen: its tiles, built once from the board's configuration, and the
// snapshot and deltas of its stream applied to them.

import { el } from "./dom.js";
import { createTile } from "./widgets/registry.js";

// A portrait kiosk shows each half of a board in turn (portraitPlaces), for this long.
const HALF_SECONDS = 10;
const PORTRAIT = matchMedia("(orientation: portrait) and (min-width: 701px)");

export class BoardView {
  /**
   * config: the board's configuration (boards/boardconfig.py), its widgets' types
   * loaded (./widgets/registry.js, loadWidgetTypes); alerts: the page's Alerts;
   * history(widget): a promise of a sparkline's points; serverNow(): seconds.
   */
  constructor(config, { root, alerts, history, serverNow }) {
    this.config = config;
    this.alerts = alerts;
    this.el = el("div", `board theme-${config.theme}`);
    this.el.dataset.board = String(config.id);
    this.tiles = new Map(); // widget id -> tile
    this.byKey = new Map(); // total key -> [tile]
    const ctx = {
      statistics: config.statistics,
      timeZone: config.time_zone,
      prefix: `b${config.id}`,
      history: (widget) => history(config, widget),
      serverNow,
    };
    for (const widget of config.widgets) this.add(createTile(widget, ctx));
    this.restack(portraitPlaces(config.widgets));
    root.append(this.el);
  }

  /** Give each tile its place on a portrait screen, which the stylesheet uses there. */
  restack(portrait) {
    if (!portrait) return; // the halves would overlap: the landscape grid, squeezed
    this.portrait = portrait;
    this.el.dataset.restack = "portrait";
    this.showHalf(0);
    for (const [id, place] of portrait.places) {
      const tile = this.tiles.get(id);
      if (!tile) continue;
      tile.el.dataset.half = String(place.half);
      const { style } = tile.el;
      style.setProperty("--px", String(place.x + 1));
      style.setProperty("--py", String(place.y + 1));
      style.setProperty("--pw", String(place.w));
      style.setProperty("--ph", String(place.h));
    }
  }

  add(tile) {
    if (!tile) return; // a widget type this version of the page does not draw
    this.el.append(tile.el);
    this.tiles.set(tile.widget.id, tile);
    for (const key of tile.totalKeys()) {
      if (!this.byKey.has(key)) this.byKey.set(key, []);
      this.byKey.get(key).push(tile);
    }
    this.alerts.track(this.config.id, tile);
  }

  applySnapshot(data) {
    this.apply(data);
    for (const tile of this.tiles.values()) tile.onSnapshot();
  }

  apply(changes) {
    const touched = new Set();
    for (const [key, value] of Object.entries(changes.totals || {})) {
      for (const tile of this.byKey.get(key) || []) {
        tile.setTotal(key, value);
        touched.add(tile);
      }
    }
    for (const [id, rows] of Object.entries(changes.grids || {})) {
      const tile = this.tiles.get(id);
      if (!tile) continue;
      tile.setRows(rows);
      touched.add(tile);
    }
    // Campaign figures carry no levels, so the alerts need not look at these tiles.
    for (const [id, cell] of Object.entries(changes.campaigns || {})) {
      this.tiles.get(id)?.setCampaign(cell);
    }
    for (const tile of touched) this.alerts.update(this.config.id, tile);
  }

  /** On a portrait kiosk, show half `half` of the board (0: its left, 1: its right). */
  showHalf(half) {
    this.half = half;
    this.el.dataset.half = String(half);
    this.el.style.setProperty("--portrait-rows", String(this.portrait.rows[half]));
  }

  /** The board came on screen, or its tiles changed size. */
  relayout() {
    for (const tile of this.tiles.values()) tile.relayout();
  }

  tick(now) {
    if (this.portrait && PORTRAIT.matches) {
      this.halfSince ??= now;
      if (now - this.halfSince >= HALF_SECONDS) {
        this.halfSince = now;
        this.showHalf(1 - this.half);
        this.relayout();
      }
    }
    for (const tile of this.tiles.values()) tile.tick(now);
  }
}

/**
 * Return where each widget goes on a portrait screen, or null if it cannot be restacked.
 *
 * A portrait screen holds about a third of the legible text a landscape one does (the
 * text follows the screen's height, the lines its width), so it shows the board's left
 * half (6 × 12 cells) and then its right half, each filling the screen: a cell is then
 * about as wide as on landscape and twice as high. A widget belongs to the half that
 * holds its centre; one wider than a half is cut to 6 cells. A row that holds a widget
 * one cell high gets twice the height (one line of legible text needs it). If two
 * widgets would overlap, null. Returns {rows: [rows of each half], places: Map(id ->
 * {half, x, y, w, h})}.
 */
export function portraitPlaces(widgets) {
  const places = new Map();
  const taken = new Set();
  const rows = [];
  for (const half of [0, 1]) {
    const members = widgets.filter((w) => (w.x + w.w / 2 > 6 ? 1 : 0) === half);
    const starts = [];
    let next = 0;
    for (let row = 0; row <= 12; row += 1) {
      starts[row] = next;
      next += members.some((w) => w.h === 1 && w.y === row) ? 2 : 1;
    }
    for (const widget of members) {
      const w = Math.min(widget.w, 6);
      const x = Math.min(Math.max(widget.x - half * 6, 0), 6 - w);
      const y = starts[widget.y];
      const h = starts[Math.min(widget.y + widget.h, 12)] - y;
      for (let row = widget.y; row < widget.y + widget.h; row += 1) {
        for (let column = x; column < x + w; column += 1) {
          const cell = `${half}:${row}:${column}`;
          if (taken.has(cell)) return null;
          taken.add(cell);
        }
      }
      places.set(widget.id, { half, x, y, w, h });
    }
    rows.push(starts[12]);
  }
  return { rows, places };
}
