// One board on screen: its tiles, built once from the board's configuration, and the
// snapshot and deltas of its stream applied to them.

import { el } from "./dom.js";
import { createTile } from "./widgets/registry.js";

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
    root.append(this.el);
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

  tick(now) {
    for (const tile of this.tiles.values()) tile.tick(now);
  }
}
