// The alert strip: what is in warning or critical now, by name and for how long, e.g.
// "Service levels · Sales — Service level 50% — critical for 4 min". The widget's title
// and, for a grid, the row name the alert as the alert history and acknowledgements do
// (boards/levels.py, alert_subject); the value is the one shown in the tile. How long is
// measured on the server's clock (`serverNow`): from when the alert history logged the
// level, for an alert the page's first data already show (`known`, by "board|subject|
// level": stats/alert_log.py, alerting_since), else from when this screen saw it.

import { el, setData, setText } from "./dom.js";

const SHOWN = 4; // items on the strip at once; the rest are counted ("+ 3 more")
const BANDS = { warning: "warning", critical: "critical" };

/** Return "45 s", "4 min" or "1 h 05 min". */
export function lasting(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Return the tile's cells in warning or critical: [{row, label, value, level, key}]. */
function alertingCells(tile) {
  const title = tile.title.textContent;
  const cells = tile.el.querySelectorAll("td[data-level]");
  if (cells.length) {
    return Array.from(cells, (td) => {
      const stat = td.dataset.stat;
      const name = Array.from(td.parentElement.cells).find(
        (cell) => cell !== td && tile.format(cell.dataset.stat) === "text" && cell.textContent.trim(),
      );
      const row = name ? name.textContent.trim() : "";
      return { title, row, label: tile.label(stat), value: td.textContent, level: td.dataset.level, key: `${row}|${stat}` };
    });
  }
  if (tile.level === "normal") return [];
  const number = tile.el.querySelector(".tile-value .number, .number");
  const stat = tile.widget.stat || "";
  const label = stat && tile.label(stat) !== title ? tile.label(stat) : "";
  return [{ title, row: "", label, value: number ? number.textContent : "", level: tile.level, key: "" }];
}

export class AlertStrip {
  /** node: the strip's list (`<ul>`); serverNow(): the server's time in seconds. */
  constructor(node, serverNow, known = {}) {
    this.node = node;
    this.serverNow = serverNow;
    this.known = known;
    this.seen = new Set(); // "board:widget" of the tiles that have had data
    this.byTile = new Map(); // "board:widget" -> [cell]
    this.since = new Map(); // "board:widget:row|stat:level" -> server time first seen
    this.active = null; // the board on screen (a kiosk shows one at a time)
    this.quiet = false;
    // How many fit on a kiosk's line depends on the screen's width: fitted again at once.
    addEventListener("resize", () => this.render(this.serverNow()));
  }

  /** A tile's level or numbers may have changed. */
  update(board, tile) {
    const tileKey = `${board}:${tile.widget.id}`;
    const cells = alertingCells(tile).map((cell) => ({ ...cell, board, id: `${tileKey}:${cell.key}:${cell.level}` }));
    const now = this.serverNow();
    const kept = new Set(cells.map((cell) => cell.id));
    for (const id of [...this.since.keys()]) {
      if (id.startsWith(`${tileKey}:`) && !kept.has(id)) this.since.delete(id);
    }
    const first = !this.seen.has(tileKey);
    this.seen.add(tileKey);
    for (const cell of cells) {
      if (this.since.has(cell.id)) continue;
      const subject = cell.row ? `${cell.title} · ${cell.row}` : cell.title;
      const logged = first ? this.known[`${board}|${subject}|${cell.level}`] : undefined;
      this.since.set(cell.id, logged !== undefined ? Math.min(logged, now) : now);
    }
    if (cells.length) this.byTile.set(tileKey, cells);
    else this.byTile.delete(tileKey);
    this.render(now);
  }

  show(board) {
    this.active = board;
    this.render(this.serverNow());
  }

  tick(now) {
    this.render(now);
  }

  render(now) {
    const cells = [];
    if (!this.quiet) {
      for (const list of this.byTile.values()) {
        for (const cell of list) if (this.active === null || cell.board === this.active) cells.push(cell);
      }
    }
    cells.sort((a, b) => (b.level === "critical") - (a.level === "critical") || this.since.get(a.id) - this.since.get(b.id));
    // On a kiosk the strip is part of the status line and keeps to one line: the alerts
    // that do not fit are counted, and where not even one fits beside the count (a
    // portrait screen) the line only counts them, in the colour of the worst ("4 alerts");
    // the tiles show which. A strip of several lines took the board's height, and its
    // tiles' texts were cut.
    this.node.hidden = cells.length === 0; // shown first: a hidden strip has no lines
    let limit = SHOWN;
    this.draw(cells, limit, now);
    if (this.node.closest(".kiosk-status")) {
      while (limit > 0 && this.wraps()) this.draw(cells, --limit, now);
    }
    setData(document.body, "alerting", cells.length);
  }

  /** Return true if the strip's last item went onto another line than its first. */
  wraps() {
    const items = this.node.children;
    const first = items[0];
    if (!first) return false;
    const line = parseFloat(getComputedStyle(first).lineHeight) || first.offsetHeight;
    const last = items[items.length - 1];
    return last.offsetTop > first.offsetTop || first.offsetHeight > 1.9 * line;
  }

  /** Show the first `limit` of `cells` and count the rest ("+ 3 more"). */
  draw(cells, limit, now) {
    const shown = cells.slice(0, limit);
    const more = cells.length - shown.length;
    const count = shown.length + (more > 0 ? 1 : 0);
    while (this.node.children.length > count) this.node.lastElementChild.remove();
    while (this.node.children.length < count) this.node.append(el("li", "alert-item"));
    shown.forEach((cell, i) => {
      const item = this.node.children[i];
      const what = [cell.row ? `${cell.title} · ${cell.row}` : cell.title, `${cell.label ? `${cell.label} ` : ""}${cell.value}`];
      setText(item, `${what.join(" — ")} — ${BANDS[cell.level]} for ${lasting(now - this.since.get(cell.id))}`);
      setData(item, "level", cell.level);
      item.classList.remove("more");
    });
    if (more > 0) {
      const item = this.node.children[shown.length];
      setText(item, shown.length ? `+ ${more} more` : `${more} alert${more === 1 ? "" : "s"}`);
      setData(item, "level", shown.length ? null : cells[0].level); // critical ones first
      item.classList.toggle("more", shown.length > 0);
    }
  }
}
