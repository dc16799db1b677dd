// Tiles built on BPCC grids: service and agent grids, the leaderboard, the agents-
// available indicator per service, and the agent state summary. Rows and cells are
// reused between updates; only text that changed is written.

import { el, resize, setData, setText } from "../dom.js";
import { formatValue, STATE_LABELS } from "../format.js";
import { levelOf, worst } from "../levels.js";
import { Tile } from "./base.js";
import { pageList, Pages } from "./pages.js";

function setRows(node, count) {
  const rows = String(Math.max(count, 1));
  if (node.style.getPropertyValue("--rows") !== rows) node.style.setProperty("--rows", rows);
}

export class GridTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.el.classList.add("detail");
    this.table = el("table");
    this.table.dataset.grid = widget.id;
    const headRow = el("tr");
    // Columns size to their content (the table's automatic layout); the shares only
    // bound the font by the width: words (names, states, reasons) two, numbers one.
    const shares = widget.columns.map((c) => (["text", "state"].includes(this.format(c)) ? 2 : 1));
    const total = shares.reduce((a, b) => a + b, 0);
    widget.columns.forEach((column) => {
      const th = el("th");
      th.scope = "col";
      // A header as wide as half its label (two lines at most, never three), so that
      // the room goes to the rows' names rather than to one long header.
      const label = el("span", "", this.label(column));
      label.style.maxWidth = `${Math.ceil(label.textContent.length / 2) * 0.62}em`;
      th.append(label);
      headRow.append(th);
    });
    const thead = el("thead");
    thead.append(headRow);
    this.tbody = el("tbody");
    this.table.append(thead, this.tbody);
    this.body.append(this.table);
    this.body.style.justifyContent = "flex-start";
    this.table.style.setProperty("--shares", String(total));
    setRows(this.table, widget.limit || 8);
    this.pages = new Pages(this, widget.page_seconds);
  }

  setRows(rows) {
    const { columns } = this.widget;
    const thresholds = this.widget.column_thresholds || {};
    setRows(this.table, Math.max(rows.length, 4));
    // Reuse row and cell nodes; add or remove only the difference in row count.
    while (this.tbody.rows.length > rows.length) this.tbody.deleteRow(-1);
    while (this.tbody.rows.length < rows.length) {
      const tr = this.tbody.insertRow();
      for (const column of columns) tr.insertCell().dataset.stat = column;
    }
    const levels = [];
    rows.forEach((row, r) => {
      columns.forEach((column, c) => {
        const td = this.tbody.rows[r].cells[c];
        const format = this.format(column);
        setText(td, formatValue(row[c], format));
        if (format === "state") setData(td, "state", row[c] || "logged_out");
        const level = levelOf(row[c], thresholds[column]);
        setData(td, "level", level === "normal" ? null : level);
        levels.push(level);
      });
      if (columns.includes("name") || columns.includes("first_last_name")) {
        const name = row[columns.indexOf(columns.includes("name") ? "name" : "first_last_name")];
        setData(this.tbody.rows[r], "name", name ?? "");
      }
    });
    this.setLevel(worst(levels));
    this.paginate();
  }

  relayout() {
    this.paginate();
  }

  paginate() {
    // Columns that cannot fit side by side even wrapped: each row becomes a line of
    // its own words (a narrow tile on a portrait screen), rather than be cut.
    this.table.classList.remove("narrow");
    for (const tr of this.tbody.rows) tr.hidden = false;
    if (this.table.scrollWidth > this.body.clientWidth + 1) this.table.classList.add("narrow");
    const room = this.body.clientHeight - (this.table.tHead.getBoundingClientRect().height || 0);
    const excess = () => this.table.getBoundingClientRect().bottom - this.body.getBoundingClientRect().bottom;
    this.pages.layout(Array.from(this.tbody.rows), this.body.clientHeight ? room : 0, excess);
  }

  tick(now) {
    this.pages.tick(now); // a change of size is seen by the pages' ResizeObserver
  }
}


export class LeaderboardTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.list = el("ol");
    this.body.append(this.list);
    this.body.style.justifyContent = "flex-start";
    setRows(this.list, widget.limit);
    this.pages = new Pages(this);
  }

  defaultTitle() {
    return "Leaderboard";
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
      li.append(el("span", "rank"), el("span", "grow"), el("span", "count"));
      return li;
    });
    rows.forEach(([name, count], i) => {
      const [rank, who, total] = items[i].children;
      setText(rank, `${i + 1}.`);
      setText(who, name || "–");
      setText(total, formatValue(count, "count"));
    });
    pageList(this, this.list);
  }
}

export class AvailabilityTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.list = el("ul");
    this.body.append(this.list);
    this.body.style.justifyContent = "flex-start";
    this.pages = new Pages(this);
  }

  defaultTitle() {
    return "Agents available";
  }

  relayout() {
    pageList(this, this.list);
  }

  tick(now) {
    this.pages.tick(now);
  }

  setRows(rows) {
    setRows(this.list, rows.length);
    const items = resize(this.list, rows.length, () => {
      const li = el("li");
      const mark = el("span", "mark");
      mark.setAttribute("aria-hidden", "true");
      li.append(mark, el("span", "grow"), el("span", "count"));
      return li;
    });
    rows.forEach(([service, ready], i) => {
      const available = typeof ready === "number" && ready > 0;
      const li = items[i];
      li.className = available ? "available" : "unavailable";
      const [mark, name, count] = li.children;
      setText(mark, available ? "✔" : "✖");
      setText(name, service || "–");
      setText(count, available ? `${ready} ready` : "none ready");
    });
    pageList(this, this.list);
  }
}

const SUMMARY_STATES = ["ready", "busy", "after_call_work", "not_ready"];

export class SummaryTile extends Tile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.bar = el("div", "summary-bar");
    this.bar.setAttribute("aria-hidden", "true");
    this.list = el("ul");
    this.parts = new Map();
    for (const state of SUMMARY_STATES) {
      const part = el("span");
      part.dataset.part = state;
      part.style.flexGrow = "0";
      this.bar.append(part);
      const li = el("li");
      const name = el("span", "grow", STATE_LABELS[state]);
      name.dataset.state = state;
      const count = el("span", "count", "–");
      li.append(name, count);
      this.list.append(li);
      this.parts.set(state, { part, count });
    }
    setRows(this.list, SUMMARY_STATES.length);
    this.body.append(this.bar, this.list);
    // A short tile (a portrait half with an alert strip below it) pages its states
    // rather than cut the last ones off.
    this.pages = new Pages(this);
  }

  defaultTitle() {
    return "Agent states";
  }

  relayout() {
    pageList(this, this.list);
  }

  tick(now) {
    this.pages.tick(now);
  }

  setRows(rows) {
    const counts = new Map(rows);
    for (const [state, { part, count }] of this.parts) {
      const n = counts.get(state) || 0;
      if (part.style.flexGrow !== String(n)) part.style.flexGrow = String(n);
      setText(count, String(n));
    }
  }
}
