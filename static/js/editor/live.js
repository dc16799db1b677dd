// The live canvas's numbers. The editor's board, saved or not, is sent to the preview
// endpoint (stats/preview.py) after every change and once per poll interval; each
// answer says how a page draws each widget, its problems, and the tenant's numbers from
// the last good poll. Each widget is drawn by its type's own tile (../widgets/), the
// one a board page uses, so the canvas shows what the board will.

import { setData } from "../dom.js";
import { createTile, loadWidgetTypes } from "../widgets/registry.js";

const SOON_MS = 250; // after a change: let a burst of keystrokes end first

export class Live {
  /** body(): what to ask about ({tenant, widgets}); onAnswer(answer); onError(text). */
  constructor({ url, csrfToken, body, onAnswer, onError }) {
    Object.assign(this, { url, csrfToken, body, onAnswer, onError });
    this.asked = 0;
    this.intervalMs = 5000;
  }

  start() {
    this.ask();
  }

  /** The board changed: ask again shortly. */
  changed() {
    clearTimeout(this.soon);
    this.soon = setTimeout(() => this.ask(), SOON_MS);
  }

  async ask() {
    clearTimeout(this.next);
    const mine = ++this.asked;
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrfToken },
        body: JSON.stringify(this.body()),
        credentials: "same-origin",
      });
      const answer = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
      if (mine !== this.asked) return; // a newer question is on its way
      if (!response.ok || answer.error) this.onError(answer.error || `The server answered ${response.status}.`);
      else {
        this.intervalMs = Math.max(1000, answer.interval * 1000);
        await loadWidgetTypes(answer.widgets.map((w) => w.type));
        this.onAnswer(answer);
      }
    } catch {
      if (mine !== this.asked) return;
      this.onError("No connection to the server.");
    }
    this.next = setTimeout(() => this.ask(), this.intervalMs);
  }
}

/** Return what makes a widget's tile differ: everything but its place on the grid. */
function signature(drawn) {
  const { x, y, w, h, ...rest } = drawn;
  return JSON.stringify(rest);
}

/** The tile inside one widget's box, rebuilt when the widget's options change. */
export class LiveTile {
  constructor(box, ctx) {
    this.box = box;
    this.ctx = ctx;
    this.tile = null;
    this.signature = null;
  }

  /** Draw `drawn` (the widget as the preview answered it, or null) with `data`;
   * `pending`: the tenant's subscription does not carry its numbers yet. */
  show(drawn, data, pending) {
    setData(this.box, "pending", pending ? "true" : null);
    const next = drawn ? signature(drawn) : null;
    let fresh = false;
    if (next !== this.signature) {
      this.tile?.el.remove();
      this.tile = drawn ? createTile(drawn, this.ctx) : null;
      this.signature = next;
      fresh = true;
      if (this.tile) {
        this.tile.el.style.gridArea = "";
        this.tile.el.setAttribute("aria-hidden", "true"); // the box's own label says it
        this.box.prepend(this.tile.el);
      }
    }
    this.box.classList.toggle("live", Boolean(this.tile));
    if (!this.tile || !data) return;
    this.feed(data);
    if (fresh) this.tile.onSnapshot();
  }

  feed(data) {
    const { tile } = this;
    const keys = tile.totalKeys() || [];
    for (const key of keys) if (key in data.totals) tile.setTotal(key, data.totals[key]);
    const id = tile.widget.id;
    if (data.grids[id]) tile.setRows(data.grids[id]);
    if (data.campaigns[id]) tile.setCampaign(data.campaigns[id]);
  }

  tick(now) {
    this.tile?.tick(now);
  }
}
