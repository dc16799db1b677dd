// Tiles that are not statistics: news (the internal chat), clock and date in the
// tenant's time zone, and a text banner.

import { el, fitChars, resize, setText } from "../dom.js";
import { formatInZone } from "../format.js";
import { Tile } from "./base.js";
import { pageList, Pages } from "./pages.js";

export class NewsTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.list = el("ul");
    this.list.style.setProperty("--rows", String(widget.limit || 5));
    this.body.append(this.list);
    this.body.style.justifyContent = "flex-start";
    this.pages = new Pages(this);
  }

  defaultTitle() {
    return "News";
  }

  relayout() {
    pageList(this, this.list);
  }

  tick(now) {
    this.pages.tick(now);
  }

  setRows(rows) {
    const items = resize(this.list, rows.length, () => {
      const li = el("li");
      li.append(el("span", "meta"), el("span", "content"));
      return li;
    });
    rows.forEach(([, sent, who, content, urgent], i) => {
      const li = items[i];
      const [meta, text] = li.children;
      li.classList.toggle("urgent", urgent === 1);
      const time = sent ? formatInZone(new Date(sent * 1000), this.ctx.timeZone, { hour: "2-digit", minute: "2-digit" }) : "";
      setText(meta, `${time} ${who}`.trim());
      setText(text, content);
    });
    pageList(this, this.list);
  }
}

export class ClockTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.time = el("p", "time");
    this.time.setAttribute("role", "timer");
    this.body.append(this.time);
    if (widget.show_date !== false) {
      this.date = el("p", "date");
      this.body.append(this.date);
    }
    this.tick(ctx.serverNow());
  }

  tick(now) {
    const date = new Date(now * 1000);
    const zone = this.ctx.timeZone;
    const seconds = this.widget.show_seconds !== false ? { second: "2-digit" } : {};
    const time = formatInZone(date, zone, { hour: "2-digit", minute: "2-digit", ...seconds });
    setText(this.time, time);
    fitChars(this.time, time, 5);
    if (this.date) {
      const day = formatInZone(date, zone, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
      setText(this.date, day);
      fitChars(this.date, day, 12);
    }
  }
}

export class TextTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    const banner = el("p", "banner", widget.text);
    fitChars(banner, widget.text, 10);
    this.body.append(banner);
  }
}
