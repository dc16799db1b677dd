// Tiles fed from the tenant's admin side rather than its statistics: a campaign's state
// and progress, and a ticker of the latest console actions. The poll fetches both
// (stats/feeds.py); they arrive in board data like everything else.

import { el, resize, setData, setText } from "../dom.js";
import { NO_DATA, formatInZone, formatValue } from "../format.js";
import { Tile } from "./base.js";

const NOTES = {
  pending: "Waiting for the campaign's figures",
  unavailable: "The campaign's figures cannot be read",
  missing: "No enabled campaign has this name",
};
// About four characters a second crosses the screen; short tickers still take a while.
const CRAWL_SECONDS_PER_CHAR = 0.25;
const CRAWL_MIN_SECONDS = 15;

/** Return how long ago `seconds` was, in words; "" for under a minute. */
function ago(seconds) {
  if (seconds < 60) return "";
  if (seconds < 3600) return ` (${Math.floor(seconds / 60)} min ago)`;
  return ` (${Math.floor(seconds / 3600)} h ago)`;
}

export class CampaignTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.cell = null;
    this.state = el("p", "campaign-state");
    this.stateWord = el("span", "word", NO_DATA);
    this.state.append(el("span", "sr-only", "State: "), this.stateWord);
    this.count = el("p", "campaign-count");
    this.done = el("span", "number", NO_DATA);
    this.of = el("span", "of", "");
    this.count.append(this.done, this.of);
    this.bar = el("div", "progress");
    this.bar.setAttribute("role", "progressbar");
    this.bar.setAttribute("aria-label", `${widget.campaign}: records completed`);
    this.bar.setAttribute("aria-valuemin", "0");
    this.bar.hidden = true;
    this.fill = el("span", "progress-fill");
    this.bar.append(this.fill);
    this.note = el("p", "campaign-note", NOTES.pending);
    this.body.append(this.state, this.count, this.bar, this.note);
  }

  defaultTitle() {
    return this.widget.campaign;
  }

  /** Show a campaign cell of board data (stats/snapshot.py, CampaignCell). */
  setCampaign(cell) {
    this.cell = cell;
    setData(this.el, "status", cell.status);
    setData(this.el, "stale", cell.as_of ? "true" : null);
    setData(this.state, "campaignState", cell.state ? cell.state.toLowerCase() : null);
    setText(this.stateWord, cell.state || NO_DATA);
    setText(this.done, formatValue(cell.completed, "count"));
    const total = cell.total === null ? "" : ` of ${formatValue(cell.total, "count")}`;
    setText(this.of, cell.completed === null ? "" : `${total} completed`);
    this.showProgress(cell.completed, cell.total);
    this.tick(this.ctx.serverNow());
  }

  showProgress(completed, total) {
    const known = completed !== null && total !== null;
    if (this.bar.hidden === known) this.bar.hidden = !known;
    if (!known) return;
    const percent = total ? Math.min(100, (completed / total) * 100) : 0;
    const width = `${percent.toFixed(1)}%`;
    if (this.fill.style.width !== width) this.fill.style.width = width;
    this.bar.setAttribute("aria-valuemax", String(total));
    this.bar.setAttribute("aria-valuenow", String(completed));
    this.bar.setAttribute("aria-valuetext", `${completed} of ${total} (${Math.round(percent)}%)`);
  }

  tick(now) {
    const cell = this.cell;
    const notes = [NOTES[cell ? cell.status : "pending"]];
    if (cell && cell.as_of) {
      const time = formatInZone(new Date(cell.as_of * 1000), this.ctx.timeZone, { hour: "2-digit", minute: "2-digit" });
      notes.push(`Not refreshed since ${time}${ago(now - cell.as_of)}`);
    }
    setText(this.note, notes.filter(Boolean).join(". "));
  }
}

export class TickerTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.newest = null;
    this.viewport = el("div", "ticker-viewport");
    this.list = el("ul", "ticker-items");
    this.list.setAttribute("aria-label", "Latest console actions, newest first");
    this.viewport.append(this.list);
    this.empty = el("p", "ticker-empty", "No console actions yet");
    this.body.append(this.viewport, this.empty);
  }

  defaultTitle() {
    return "Console actions";
  }

  /** rows: [entry id, time, user, action, target, upstream status, ok (1 or 0)], newest first. */
  setRows(rows) {
    this.empty.hidden = rows.length > 0;
    this.viewport.hidden = rows.length === 0; // else it takes the room the words need
    const items = resize(this.list, rows.length, () => {
      const li = el("li");
      li.append(el("span", "when"), el("span", "who"), el("span", "what"), el("span", "target"), el("span", "status"));
      return li;
    });
    let chars = 0;
    rows.forEach(([id, at, who, action, target, status, ok], i) => {
      const [when, user, what, about, answer] = items[i].children;
      setData(items[i], "entry", id);
      setData(items[i], "outcome", ok ? "ok" : "failed");
      setText(when, formatInZone(new Date(at * 1000), this.ctx.timeZone, { hour: "2-digit", minute: "2-digit" }));
      setText(user, who);
      setText(what, action);
      setText(about, target);
      setText(answer, status);
      chars += `${who} ${action} ${target} ${status}`.length + 10;
    });
    const seconds = `${Math.max(CRAWL_MIN_SECONDS, Math.round(chars * CRAWL_SECONDS_PER_CHAR))}s`;
    if (this.list.style.getPropertyValue("--crawl-seconds") !== seconds) {
      this.list.style.setProperty("--crawl-seconds", seconds);
    }
    this.restartOnNews(rows.length ? rows[0][0] : null);
  }

  /** Start the crawl again when a new action arrives, so it is read first. */
  restartOnNews(newest) {
    if (newest === this.newest) return;
    this.newest = newest;
    for (const animation of this.list.getAnimations?.() || []) animation.currentTime = 0;
  }
}
