// Long lists on a wall page rather than shrink: the items that fit the tile at a
// legible size are shown, and the pages turn every few seconds ("page 2 of 3").

import { setData, setText } from "../dom.js";

export const PAGE_SECONDS = 8;

export class Pages {
  /** tile: the tile whose pager shows the page; seconds: how long each page stays. */
  constructor(tile, seconds) {
    this.tile = tile;
    this.seconds = seconds || PAGE_SECONDS;
    this.items = [];
    this.starts = [0]; // the first item of each page
    this.page = 0;
    this.shownAt = null;
    // Cut the pages again whenever the tile's body changes size, before the next paint:
    // an alert strip, a pager or a wrapped title may take room from it, or give it back.
    new ResizeObserver(() => tile.relayout()).observe(tile.body);
  }

  /** Cut `items` into pages of at most `room` pixels of height, and show the current.
   * excess(): how far the shown page overruns its tile; as lines may wrap differently
   * once the other pages' items are hidden, the pages are cut again with less room. */
  layout(items, room, excess = () => 0) {
    this.items = items;
    if (room <= 0) { // not on screen (another board of a rotation, or half)
      for (const item of items) item.hidden = false;
      return this.show();
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      this.cut(items, room);
      this.show();
      const over = excess();
      if (over <= 1) break;
      room -= over;
    }
  }

  cut(items, room) {
    for (const item of items) item.hidden = false;
    this.starts = [0];
    let used = 0;
    items.forEach((item, i) => {
      const height = item.getBoundingClientRect().height;
      if (i > this.starts.at(-1) && used + height > room) {
        this.starts.push(i);
        used = 0;
      }
      used += height;
    });
    if (this.page >= this.starts.length) this.page = 0;
  }

  /** Turn the page when the current one has been shown long enough; then lay the
   * tile out again (its lines may wrap otherwise on the new page). */
  tick(now) {
    if (this.shownAt === null) this.shownAt = now;
    if (this.starts.length < 2 || now - this.shownAt < this.seconds) return;
    this.page = (this.page + 1) % this.starts.length;
    this.shownAt = now;
    this.show();
    this.tile.relayout();
  }

  show() {
    const count = this.starts.length;
    const from = this.starts[this.page] ?? 0;
    const to = this.starts[this.page + 1] ?? this.items.length;
    this.items.forEach((item, i) => {
      const hidden = i < from || i >= to;
      if (item.hidden !== hidden) item.hidden = hidden;
    });
    const { pager, el } = this.tile;
    pager.hidden = count < 2;
    setText(pager, count < 2 ? "" : `page ${this.page + 1} of ${count}`);
    setData(el, "page", count < 2 ? null : this.page + 1);
    setData(el, "pages", count < 2 ? null : count);
  }
}

/** Show a list tile's items (`list`'s children) a page at a time when they do not all
 * fit its body beside whatever else the body holds. */
export function pageList(tile, list) {
  const others = Array.from(tile.body.children).filter((node) => node !== list);
  const taken = others.reduce((sum, node) => sum + node.getBoundingClientRect().height, 0);
  const room = tile.body.clientHeight - taken;
  const excess = () => list.getBoundingClientRect().bottom - tile.body.getBoundingClientRect().bottom;
  tile.pages.layout(Array.from(list.children), tile.body.clientHeight ? room : 0, excess);
}
